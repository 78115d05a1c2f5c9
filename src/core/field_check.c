/* field_check: see field_check.h. One scanner per field, fed a code point at
 * a time, decides both the full check (feed everything, then finish) and the
 * typing check (feed everything, no finish), so the two cannot disagree:
 * anything the full check accepts was accepted key by key on the way. */
#include "field_check.h"

#include <string.h>

#include "util.h"

typedef struct {
    uint32_t lo, hi;
} cp_range;

/* The letter and mark tables were generated from Python's unicodedata
 * (Unicode 14.0.0): every code point of category L* (letters) or Mn/Mc
 * (marks) inside the blocks listed in field_check.h, minus U+00AA U+00B5
 * U+00BA, the Hangul fillers U+115F U+1160 U+3164 U+FFA0 and the invisible
 * marks U+034F U+17B4 U+17B5 U+180B-U+180D U+180F. Code points assigned after
 * Unicode 14 are refused until the tables are regenerated. */
static const cp_range LETTERS[] = {
    {0x0041, 0x005A},   {0x0061, 0x007A},   {0x00C0, 0x00D6},   {0x00D8, 0x00F6},
    {0x00F8, 0x02C1},   {0x02C6, 0x02D1},   {0x02E0, 0x02E4},   {0x02EC, 0x02EC},
    {0x02EE, 0x02EE},   {0x0370, 0x0374},   {0x0376, 0x0377},   {0x037A, 0x037D},
    {0x037F, 0x037F},   {0x0386, 0x0386},   {0x0388, 0x038A},   {0x038C, 0x038C},
    {0x038E, 0x03A1},   {0x03A3, 0x03F5},   {0x03F7, 0x0481},   {0x048A, 0x052F},
    {0x0531, 0x0556},   {0x0559, 0x0559},   {0x0560, 0x0588},   {0x05D0, 0x05EA},
    {0x05EF, 0x05F2},   {0x0620, 0x064A},   {0x066E, 0x066F},   {0x0671, 0x06D3},
    {0x06D5, 0x06D5},   {0x06E5, 0x06E6},   {0x06EE, 0x06EF},   {0x06FA, 0x06FC},
    {0x06FF, 0x06FF},   {0x0710, 0x0710},   {0x0712, 0x072F},   {0x074D, 0x07A5},
    {0x07B1, 0x07B1},   {0x07CA, 0x07EA},   {0x07F4, 0x07F5},   {0x07FA, 0x07FA},
    {0x0870, 0x0887},   {0x0889, 0x088E},   {0x08A0, 0x08C9},   {0x0904, 0x0939},
    {0x093D, 0x093D},   {0x0950, 0x0950},   {0x0958, 0x0961},   {0x0971, 0x0980},
    {0x0985, 0x098C},   {0x098F, 0x0990},   {0x0993, 0x09A8},   {0x09AA, 0x09B0},
    {0x09B2, 0x09B2},   {0x09B6, 0x09B9},   {0x09BD, 0x09BD},   {0x09CE, 0x09CE},
    {0x09DC, 0x09DD},   {0x09DF, 0x09E1},   {0x09F0, 0x09F1},   {0x09FC, 0x09FC},
    {0x0A05, 0x0A0A},   {0x0A0F, 0x0A10},   {0x0A13, 0x0A28},   {0x0A2A, 0x0A30},
    {0x0A32, 0x0A33},   {0x0A35, 0x0A36},   {0x0A38, 0x0A39},   {0x0A59, 0x0A5C},
    {0x0A5E, 0x0A5E},   {0x0A72, 0x0A74},   {0x0A85, 0x0A8D},   {0x0A8F, 0x0A91},
    {0x0A93, 0x0AA8},   {0x0AAA, 0x0AB0},   {0x0AB2, 0x0AB3},   {0x0AB5, 0x0AB9},
    {0x0ABD, 0x0ABD},   {0x0AD0, 0x0AD0},   {0x0AE0, 0x0AE1},   {0x0AF9, 0x0AF9},
    {0x0B05, 0x0B0C},   {0x0B0F, 0x0B10},   {0x0B13, 0x0B28},   {0x0B2A, 0x0B30},
    {0x0B32, 0x0B33},   {0x0B35, 0x0B39},   {0x0B3D, 0x0B3D},   {0x0B5C, 0x0B5D},
    {0x0B5F, 0x0B61},   {0x0B71, 0x0B71},   {0x0B83, 0x0B83},   {0x0B85, 0x0B8A},
    {0x0B8E, 0x0B90},   {0x0B92, 0x0B95},   {0x0B99, 0x0B9A},   {0x0B9C, 0x0B9C},
    {0x0B9E, 0x0B9F},   {0x0BA3, 0x0BA4},   {0x0BA8, 0x0BAA},   {0x0BAE, 0x0BB9},
    {0x0BD0, 0x0BD0},   {0x0C05, 0x0C0C},   {0x0C0E, 0x0C10},   {0x0C12, 0x0C28},
    {0x0C2A, 0x0C39},   {0x0C3D, 0x0C3D},   {0x0C58, 0x0C5A},   {0x0C5D, 0x0C5D},
    {0x0C60, 0x0C61},   {0x0C80, 0x0C80},   {0x0C85, 0x0C8C},   {0x0C8E, 0x0C90},
    {0x0C92, 0x0CA8},   {0x0CAA, 0x0CB3},   {0x0CB5, 0x0CB9},   {0x0CBD, 0x0CBD},
    {0x0CDD, 0x0CDE},   {0x0CE0, 0x0CE1},   {0x0CF1, 0x0CF2},   {0x0D04, 0x0D0C},
    {0x0D0E, 0x0D10},   {0x0D12, 0x0D3A},   {0x0D3D, 0x0D3D},   {0x0D4E, 0x0D4E},
    {0x0D54, 0x0D56},   {0x0D5F, 0x0D61},   {0x0D7A, 0x0D7F},   {0x0D85, 0x0D96},
    {0x0D9A, 0x0DB1},   {0x0DB3, 0x0DBB},   {0x0DBD, 0x0DBD},   {0x0DC0, 0x0DC6},
    {0x0E01, 0x0E30},   {0x0E32, 0x0E33},   {0x0E40, 0x0E46},   {0x0E81, 0x0E82},
    {0x0E84, 0x0E84},   {0x0E86, 0x0E8A},   {0x0E8C, 0x0EA3},   {0x0EA5, 0x0EA5},
    {0x0EA7, 0x0EB0},   {0x0EB2, 0x0EB3},   {0x0EBD, 0x0EBD},   {0x0EC0, 0x0EC4},
    {0x0EC6, 0x0EC6},   {0x0EDC, 0x0EDF},   {0x0F00, 0x0F00},   {0x0F40, 0x0F47},
    {0x0F49, 0x0F6C},   {0x0F88, 0x0F8C},   {0x1000, 0x102A},   {0x103F, 0x103F},
    {0x1050, 0x1055},   {0x105A, 0x105D},   {0x1061, 0x1061},   {0x1065, 0x1066},
    {0x106E, 0x1070},   {0x1075, 0x1081},   {0x108E, 0x108E},   {0x10A0, 0x10C5},
    {0x10C7, 0x10C7},   {0x10CD, 0x10CD},   {0x10D0, 0x10FA},   {0x10FC, 0x115E},
    {0x1161, 0x1248},   {0x124A, 0x124D},   {0x1250, 0x1256},   {0x1258, 0x1258},
    {0x125A, 0x125D},   {0x1260, 0x1288},   {0x128A, 0x128D},   {0x1290, 0x12B0},
    {0x12B2, 0x12B5},   {0x12B8, 0x12BE},   {0x12C0, 0x12C0},   {0x12C2, 0x12C5},
    {0x12C8, 0x12D6},   {0x12D8, 0x1310},   {0x1312, 0x1315},   {0x1318, 0x135A},
    {0x1380, 0x138F},   {0x13A0, 0x13F5},   {0x13F8, 0x13FD},   {0x1401, 0x166C},
    {0x166F, 0x167F},   {0x1780, 0x17B3},   {0x17D7, 0x17D7},   {0x17DC, 0x17DC},
    {0x1820, 0x1878},   {0x1880, 0x1884},   {0x1887, 0x18A8},   {0x18AA, 0x18AA},
    {0x18B0, 0x18F5},   {0x1950, 0x196D},   {0x1970, 0x1974},   {0x1980, 0x19AB},
    {0x19B0, 0x19C9},   {0x1A20, 0x1A54},   {0x1AA7, 0x1AA7},   {0x1B05, 0x1B33},
    {0x1B45, 0x1B4C},   {0x1B83, 0x1BA0},   {0x1BAE, 0x1BAF},   {0x1BBA, 0x1BBF},
    {0x1C5A, 0x1C7D},   {0x1C80, 0x1C88},   {0x1C90, 0x1CBA},   {0x1CBD, 0x1CBF},
    {0x1E00, 0x1F15},   {0x1F18, 0x1F1D},   {0x1F20, 0x1F45},   {0x1F48, 0x1F4D},
    {0x1F50, 0x1F57},   {0x1F59, 0x1F59},   {0x1F5B, 0x1F5B},   {0x1F5D, 0x1F5D},
    {0x1F5F, 0x1F7D},   {0x1F80, 0x1FB4},   {0x1FB6, 0x1FBC},   {0x1FBE, 0x1FBE},
    {0x1FC2, 0x1FC4},   {0x1FC6, 0x1FCC},   {0x1FD0, 0x1FD3},   {0x1FD6, 0x1FDB},
    {0x1FE0, 0x1FEC},   {0x1FF2, 0x1FF4},   {0x1FF6, 0x1FFC},   {0x2C60, 0x2C7F},
    {0x2D00, 0x2D25},   {0x2D27, 0x2D27},   {0x2D2D, 0x2D2D},   {0x2D30, 0x2D67},
    {0x2D6F, 0x2D6F},   {0x2D80, 0x2D96},   {0x2DA0, 0x2DA6},   {0x2DA8, 0x2DAE},
    {0x2DB0, 0x2DB6},   {0x2DB8, 0x2DBE},   {0x2DC0, 0x2DC6},   {0x2DC8, 0x2DCE},
    {0x2DD0, 0x2DD6},   {0x2DD8, 0x2DDE},   {0x3005, 0x3006},   {0x3031, 0x3035},
    {0x303B, 0x303C},   {0x3041, 0x3096},   {0x309D, 0x309F},   {0x30A1, 0x30FA},
    {0x30FC, 0x30FF},   {0x3105, 0x312F},   {0x3131, 0x3163},   {0x3165, 0x318E},
    {0x31A0, 0x31BF},   {0x31F0, 0x31FF},   {0x3400, 0x4DBF},   {0x4E00, 0xA48C},
    {0xA4D0, 0xA4FD},   {0xA500, 0xA60C},   {0xA610, 0xA61F},   {0xA62A, 0xA62B},
    {0xA640, 0xA66E},   {0xA67F, 0xA69D},   {0xA6A0, 0xA6E5},   {0xA722, 0xA788},
    {0xA78B, 0xA7CA},   {0xA7D0, 0xA7D1},   {0xA7D3, 0xA7D3},   {0xA7D5, 0xA7D9},
    {0xA7F2, 0xA7FF},   {0xA960, 0xA97C},   {0xA984, 0xA9B2},   {0xA9CF, 0xA9CF},
    {0xA9E0, 0xA9E4},   {0xA9E6, 0xA9EF},   {0xA9FA, 0xA9FE},   {0xAA60, 0xAA76},
    {0xAA7A, 0xAA7A},   {0xAA7E, 0xAAAF},   {0xAAB1, 0xAAB1},   {0xAAB5, 0xAAB6},
    {0xAAB9, 0xAABD},   {0xAAC0, 0xAAC0},   {0xAAC2, 0xAAC2},   {0xAADB, 0xAADD},
    {0xAB01, 0xAB06},   {0xAB09, 0xAB0E},   {0xAB11, 0xAB16},   {0xAB20, 0xAB26},
    {0xAB28, 0xAB2E},   {0xAB30, 0xAB5A},   {0xAB5C, 0xAB69},   {0xAB70, 0xABE2},
    {0xAC00, 0xD7A3},   {0xD7B0, 0xD7C6},   {0xD7CB, 0xD7FB},   {0xF900, 0xFA6D},
    {0xFA70, 0xFAD9},   {0xFF21, 0xFF3A},   {0xFF41, 0xFF5A},   {0xFF66, 0xFF9F},
    {0xFFA1, 0xFFBE},   {0xFFC2, 0xFFC7},   {0xFFCA, 0xFFCF},   {0xFFD2, 0xFFD7},
    {0xFFDA, 0xFFDC},   {0x1E900, 0x1E943}, {0x1E94B, 0x1E94B}, {0x20000, 0x2A6DF},
    {0x2A700, 0x2B738}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0},
    {0x2F800, 0x2FA1D}, {0x30000, 0x3134A},
};

static const cp_range MARKS[] = {
    {0x0300, 0x034E}, {0x0350, 0x036F}, {0x0483, 0x0487}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
    {0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED},
    {0x0711, 0x0711}, {0x0730, 0x074A}, {0x07A6, 0x07B0}, {0x07EB, 0x07F3}, {0x07FD, 0x07FD},
    {0x0898, 0x089F}, {0x08CA, 0x08E1}, {0x08E3, 0x0903}, {0x093A, 0x093C}, {0x093E, 0x094F},
    {0x0951, 0x0957}, {0x0962, 0x0963}, {0x0981, 0x0983}, {0x09BC, 0x09BC}, {0x09BE, 0x09C4},
    {0x09C7, 0x09C8}, {0x09CB, 0x09CD}, {0x09D7, 0x09D7}, {0x09E2, 0x09E3}, {0x09FE, 0x09FE},
    {0x0A01, 0x0A03}, {0x0A3C, 0x0A3C}, {0x0A3E, 0x0A42}, {0x0A47, 0x0A48}, {0x0A4B, 0x0A4D},
    {0x0A51, 0x0A51}, {0x0A70, 0x0A71}, {0x0A75, 0x0A75}, {0x0A81, 0x0A83}, {0x0ABC, 0x0ABC},
    {0x0ABE, 0x0AC5}, {0x0AC7, 0x0AC9}, {0x0ACB, 0x0ACD}, {0x0AE2, 0x0AE3}, {0x0AFA, 0x0AFF},
    {0x0B01, 0x0B03}, {0x0B3C, 0x0B3C}, {0x0B3E, 0x0B44}, {0x0B47, 0x0B48}, {0x0B4B, 0x0B4D},
    {0x0B55, 0x0B57}, {0x0B62, 0x0B63}, {0x0B82, 0x0B82}, {0x0BBE, 0x0BC2}, {0x0BC6, 0x0BC8},
    {0x0BCA, 0x0BCD}, {0x0BD7, 0x0BD7}, {0x0C00, 0x0C04}, {0x0C3C, 0x0C3C}, {0x0C3E, 0x0C44},
    {0x0C46, 0x0C48}, {0x0C4A, 0x0C4D}, {0x0C55, 0x0C56}, {0x0C62, 0x0C63}, {0x0C81, 0x0C83},
    {0x0CBC, 0x0CBC}, {0x0CBE, 0x0CC4}, {0x0CC6, 0x0CC8}, {0x0CCA, 0x0CCD}, {0x0CD5, 0x0CD6},
    {0x0CE2, 0x0CE3}, {0x0D00, 0x0D03}, {0x0D3B, 0x0D3C}, {0x0D3E, 0x0D44}, {0x0D46, 0x0D48},
    {0x0D4A, 0x0D4D}, {0x0D57, 0x0D57}, {0x0D62, 0x0D63}, {0x0D81, 0x0D83}, {0x0DCA, 0x0DCA},
    {0x0DCF, 0x0DD4}, {0x0DD6, 0x0DD6}, {0x0DD8, 0x0DDF}, {0x0DF2, 0x0DF3}, {0x0E31, 0x0E31},
    {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x0EB1, 0x0EB1}, {0x0EB4, 0x0EBC}, {0x0EC8, 0x0ECD},
    {0x0F18, 0x0F19}, {0x0F35, 0x0F35}, {0x0F37, 0x0F37}, {0x0F39, 0x0F39}, {0x0F3E, 0x0F3F},
    {0x0F71, 0x0F84}, {0x0F86, 0x0F87}, {0x0F8D, 0x0F97}, {0x0F99, 0x0FBC}, {0x0FC6, 0x0FC6},
    {0x102B, 0x103E}, {0x1056, 0x1059}, {0x105E, 0x1060}, {0x1062, 0x1064}, {0x1067, 0x106D},
    {0x1071, 0x1074}, {0x1082, 0x108D}, {0x108F, 0x108F}, {0x109A, 0x109D}, {0x135D, 0x135F},
    {0x17B6, 0x17D3}, {0x17DD, 0x17DD}, {0x1885, 0x1886}, {0x18A9, 0x18A9}, {0x1A55, 0x1A5E},
    {0x1A60, 0x1A7C}, {0x1A7F, 0x1A7F}, {0x1AB0, 0x1ABD}, {0x1ABF, 0x1ACE}, {0x1B00, 0x1B04},
    {0x1B34, 0x1B44}, {0x1B6B, 0x1B73}, {0x1B80, 0x1B82}, {0x1BA1, 0x1BAD}, {0x1DC0, 0x1DFF},
    {0x2D7F, 0x2D7F}, {0x302A, 0x302F}, {0x3099, 0x309A}, {0xA66F, 0xA66F}, {0xA674, 0xA67D},
    {0xA69E, 0xA69F}, {0xA6F0, 0xA6F1}, {0xA980, 0xA983}, {0xA9B3, 0xA9C0}, {0xA9E5, 0xA9E5},
    {0xAA7B, 0xAA7D}, {0xAAB0, 0xAAB0}, {0xAAB2, 0xAAB4}, {0xAAB7, 0xAAB8}, {0xAABE, 0xAABF},
    {0xAAC1, 0xAAC1}, {0xABE3, 0xABEA}, {0xABEC, 0xABED}, {0xFE20, 0xFE2F}, {0x1E944, 0x1E94A},
};

/* Cc, Cf, Zl, Zp and the other default-ignorable code points. */
static const cp_range CONTROL_FORMAT[] = {
    {0x0000, 0x001F},   {0x007F, 0x009F},   {0x00AD, 0x00AD},   {0x034F, 0x034F},
    {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},
    {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x115F, 0x1160},   {0x17B4, 0x17B5},
    {0x180B, 0x180F},   {0x200B, 0x200F},   {0x2028, 0x202E},   {0x2060, 0x206F},
    {0x3164, 0x3164},   {0xFE00, 0xFE0F},   {0xFEFF, 0xFEFF},   {0xFFA0, 0xFFA0},
    {0xFFF0, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x13438},
    {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
};

/* Emoji and the pieces of emoji sequences (an approximation of
 * Emoji=Yes plus Emoji_Component, by block where the block is all symbols). */
static const cp_range EMOJI[] = {
    {0x00A9, 0x00A9}, {0x00AE, 0x00AE},   {0x200D, 0x200D},   {0x203C, 0x203C}, {0x2049, 0x2049},
    {0x20E3, 0x20E3}, {0x2122, 0x2122},   {0x2139, 0x2139},   {0x2194, 0x2199}, {0x21A9, 0x21AA},
    {0x231A, 0x231B}, {0x2328, 0x2328},   {0x23CF, 0x23CF},   {0x23E9, 0x23F3}, {0x23F8, 0x23FA},
    {0x24C2, 0x24C2}, {0x25AA, 0x25AB},   {0x25B6, 0x25B6},   {0x25C0, 0x25C0}, {0x25FB, 0x25FE},
    {0x2600, 0x27BF}, {0x2934, 0x2935},   {0x2B05, 0x2B07},   {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},
    {0x2B55, 0x2B55}, {0x3030, 0x3030},   {0x303D, 0x303D},   {0x3297, 0x3297}, {0x3299, 0x3299},
    {0xFE0E, 0xFE0F}, {0x1F000, 0x1FAFF}, {0xE0020, 0xE007F},
};

static bool in_ranges(const cp_range *r, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

#define IN(table, cp) in_ranges(table, sizeof table / sizeof table[0], cp)

bool field_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    return IN(LETTERS, cp);
}

bool field_is_mark(uint32_t cp)
{
    return IN(MARKS, cp);
}

bool field_is_control_or_format(uint32_t cp)
{
    return IN(CONTROL_FORMAT, cp);
}

bool field_is_emoji(uint32_t cp)
{
    return IN(EMOJI, cp);
}

/* ---- the scanners ---- */

/* What a name's code point is; N_START is the state before the first one. */
typedef enum { N_START, N_LETTER, N_MARK, N_SPACE, N_HYPHEN, N_APOS, N_PERIOD, N_OTHER } name_class;

typedef struct {
    field_kind kind;
    union {
        struct {
            int chars, marks; /* code points so far; marks on the last letter */
            name_class prev;
            bool word_letter; /* the current space-separated word has a letter */
        } name;
        struct {
            bool started;      /* something other than a space seen */
            bool plus_pending; /* "+" seen, its "1" not yet */
            bool country;      /* the leading "1" seen */
            bool open, paren;  /* inside brackets; a bracket pair used */
            int national;      /* national digits so far, 0..10 */
            char digits[FIELD_PHONE_DIGITS];
        } phone;
        struct {
            bool at;
            int local, label, labels; /* lengths; labels finished after the "@" */
            bool label_alpha;         /* the current label is letters only */
            uint32_t prev;
        } email;
    } u;
} scanner;

static void scanner_init(scanner *sc, field_kind kind)
{
    memset(sc, 0, sizeof *sc);
    sc->kind = kind;
}

static name_class name_class_of(uint32_t cp)
{
    if (cp == ' ')
        return N_SPACE;
    if (cp == '\'' || cp == 0x2019 || cp == 0x05F3) /* ' ’ and the Hebrew geresh */
        return N_APOS;
    if (cp == '-' || cp == 0x2010 || cp == 0x05BE) /* - ‐ and the Hebrew maqaf */
        return N_HYPHEN;
    if (cp == '.') /* initials as people write them: "J.R.", "Ma. José" */
        return N_PERIOD;
    if (field_is_letter(cp))
        return N_LETTER;
    if (field_is_mark(cp))
        return N_MARK;
    return N_OTHER; /* refused */
}

static bool is_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Whether the field ever takes this character, wherever it is. */
static bool field_takes(field_kind kind, uint32_t cp)
{
    switch (kind) {
    case FIELD_NAME:
        return name_class_of(cp) != N_OTHER;
    case FIELD_PHONE:
        return cp != 0 && cp < 0x80 && strchr("0123456789 -.()+", (int)cp);
    case FIELD_EMAIL:
        return cp != 0 && cp < 0x80 && (is_ascii_alnum(cp) || strchr(".-_%+'@", (int)cp));
    }
    return false;
}

/* A name's shape, one code point at a time: every space-separated word has
 * a letter; marks sit on a letter, at most FIELD_NAME_MAX_MARKS of them; a
 * hyphen joins two letters; an apostrophe never touches another apostrophe,
 * a hyphen or a mark. */
static field_status feed_name(scanner *sc, uint32_t cp)
{
    if (++sc->u.name.chars > FIELD_NAME_MAX_CHARS)
        return FIELD_TOO_LONG;
    name_class c = name_class_of(cp), prev = sc->u.name.prev;
    if (c == N_OTHER)
        return FIELD_BAD_CHARACTER;
    sc->u.name.prev = c;
    bool ok;
    switch (c) {
    case N_LETTER:
        ok = true;
        sc->u.name.word_letter = true;
        sc->u.name.marks = 0;
        break;
    case N_MARK:
        ok = (prev == N_LETTER || prev == N_MARK) && ++sc->u.name.marks <= FIELD_NAME_MAX_MARKS;
        break;
    case N_SPACE:
        ok = prev != N_SPACE && prev != N_HYPHEN && sc->u.name.word_letter;
        sc->u.name.word_letter = false;
        break;
    case N_HYPHEN:
        ok = prev == N_LETTER || prev == N_MARK;
        break;
    case N_PERIOD:
        ok = prev == N_LETTER || prev == N_MARK;
        break;
    default: /* N_APOS */
        ok = prev != N_APOS && prev != N_HYPHEN;
        break;
    }
    return ok ? FIELD_OK : FIELD_BAD_FORMAT;
}

static field_status finish_name(const scanner *sc)
{
    if (sc->u.name.prev == N_SPACE || sc->u.name.prev == N_HYPHEN || !sc->u.name.word_letter)
        return FIELD_BAD_FORMAT;
    return FIELD_OK;
}

static field_status feed_phone(scanner *sc, uint32_t cp)
{
    if (!field_takes(FIELD_PHONE, cp))
        return FIELD_BAD_CHARACTER;
    char c = (char)cp;
    if (sc->u.phone.plus_pending && c != '1')
        return FIELD_BAD_FORMAT; /* "+44", "+ 1": only "+1" */
    if (c == ' ')
        return FIELD_OK;
    bool first = !sc->u.phone.started;
    sc->u.phone.started = true;
    switch (c) {
    case '+':
        if (!first)
            return FIELD_BAD_FORMAT;
        sc->u.phone.plus_pending = true;
        return FIELD_OK;
    case '(':
        if (sc->u.phone.paren || sc->u.phone.national != 0)
            return FIELD_BAD_FORMAT;
        sc->u.phone.paren = sc->u.phone.open = true;
        return FIELD_OK;
    case ')':
        if (!sc->u.phone.open || sc->u.phone.national != 3)
            return FIELD_BAD_FORMAT;
        sc->u.phone.open = false;
        return FIELD_OK;
    case '-':
    case '.':
        return sc->u.phone.open ? FIELD_BAD_FORMAT : FIELD_OK;
    default:
        break;
    }
    /* A digit. A national number starts with 2-9, so a leading 1 can only be
     * the country code (never inside the brackets), and a leading 0 nothing. */
    if (sc->u.phone.plus_pending ||
        (!sc->u.phone.country && sc->u.phone.national == 0 && c == '1')) {
        if (sc->u.phone.open)
            return FIELD_BAD_FORMAT;
        sc->u.phone.plus_pending = false;
        sc->u.phone.country = true;
        return FIELD_OK;
    }
    int i = sc->u.phone.national;
    if (i >= FIELD_PHONE_DIGITS)
        return FIELD_BAD_FORMAT;
    if ((i == 0 || i == 3) && c < '2')
        return FIELD_BAD_FORMAT; /* area code or exchange starting with 0 or 1 */
    if (sc->u.phone.open && i >= 3)
        return FIELD_BAD_FORMAT;
    sc->u.phone.digits[i] = c;
    sc->u.phone.national = i + 1;
    return FIELD_OK;
}

static field_status finish_phone(const scanner *sc)
{
    if (sc->u.phone.open || sc->u.phone.national != FIELD_PHONE_DIGITS)
        return FIELD_BAD_FORMAT;
    return FIELD_OK;
}

static field_status feed_email(scanner *sc, uint32_t c)
{
    if (!field_takes(FIELD_EMAIL, c))
        return FIELD_BAD_CHARACTER;
    uint32_t prev = sc->u.email.prev;
    sc->u.email.prev = c;
    if (!sc->u.email.at) {
        if (c == '@') {
            if (sc->u.email.local == 0 || prev == '.')
                return FIELD_BAD_FORMAT;
            sc->u.email.at = true;
            sc->u.email.label_alpha = true;
            return FIELD_OK;
        }
        if (c == '.' && (sc->u.email.local == 0 || prev == '.'))
            return FIELD_BAD_FORMAT;
        return ++sc->u.email.local > FIELD_EMAIL_LOCAL_MAX ? FIELD_BAD_FORMAT : FIELD_OK;
    }
    if (c == '.') {
        if (sc->u.email.label == 0 || prev == '-')
            return FIELD_BAD_FORMAT;
        sc->u.email.labels++;
        sc->u.email.label = 0;
        sc->u.email.label_alpha = true;
        return FIELD_OK;
    }
    if (c == '-') {
        if (sc->u.email.label == 0)
            return FIELD_BAD_FORMAT;
    } else if (!is_ascii_alnum(c)) {
        return FIELD_BAD_FORMAT; /* "@" again, or _ % + ' in the domain */
    }
    if (!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z'))
        sc->u.email.label_alpha = false;
    return ++sc->u.email.label > FIELD_EMAIL_LABEL_MAX ? FIELD_BAD_FORMAT : FIELD_OK;
}

static field_status finish_email(const scanner *sc)
{
    if (!sc->u.email.at || sc->u.email.label == 0 || sc->u.email.prev == '-' ||
        sc->u.email.labels < 1 || !sc->u.email.label_alpha || sc->u.email.label < 2)
        return FIELD_BAD_FORMAT;
    return FIELD_OK;
}

/* Feeds s[0..len) to the scanner; stops at the first problem. */
static field_status scan(scanner *sc, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return FIELD_INVALID_UTF8;
        i += (size_t)n;
        field_status st = sc->kind == FIELD_NAME    ? feed_name(sc, cp)
                          : sc->kind == FIELD_PHONE ? feed_phone(sc, cp)
                                                    : feed_email(sc, cp);
        if (st != FIELD_OK)
            return st;
    }
    return FIELD_OK;
}

size_t field_max_bytes(field_kind kind)
{
    switch (kind) {
    case FIELD_NAME:
        return FIELD_NAME_MAX_BYTES;
    case FIELD_PHONE:
        return FIELD_PHONE_MAX_BYTES;
    case FIELD_EMAIL:
        return FIELD_EMAIL_MAX_BYTES;
    }
    return 0;
}

/* Clears memory that held what the visitor typed, in a way the compiler
 * cannot drop as a dead store. */

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static bool only_spaces(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ')
            return false;
    return true;
}

/* The full check of one field, in the order field_check.h gives. */
static field_status check(field_kind kind, const char *s, size_t len, scanner *sc)
{
    scanner_init(sc, kind);
    if (!s || only_spaces(s, len))
        return FIELD_EMPTY;
    if (len > field_max_bytes(kind))
        return FIELD_TOO_LONG;
    if (!utf8_valid(s, len))
        return FIELD_INVALID_UTF8;
    if (kind == FIELD_NAME && count_chars(s, len) > FIELD_NAME_MAX_CHARS)
        return FIELD_TOO_LONG;
    /* A character the field never takes, anywhere, before any problem of
     * shape: "' OR 1=1" is about "=" and "1", not the space after "'". */
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += (size_t)utf8_decode(s + i, len - i, &cp); /* valid: checked above */
        if (!field_takes(kind, cp))
            return FIELD_BAD_CHARACTER;
    }
    field_status st = scan(sc, s, len);
    if (st != FIELD_OK)
        return st;
    return kind == FIELD_NAME    ? finish_name(sc)
           : kind == FIELD_PHONE ? finish_phone(sc)
                                 : finish_email(sc);
}

field_status field_check_name(const char *s, size_t len)
{
    scanner sc;
    return check(FIELD_NAME, s, len, &sc);
}

field_status field_check_phone(const char *s, size_t len, char digits_out[FIELD_PHONE_DIGITS + 1])
{
    scanner sc;
    field_status st = check(FIELD_PHONE, s, len, &sc);
    if (digits_out) {
        if (st == FIELD_OK)
            memcpy(digits_out, sc.u.phone.digits, FIELD_PHONE_DIGITS);
        digits_out[st == FIELD_OK ? FIELD_PHONE_DIGITS : 0] = '\0';
    }
    secure_wipe(&sc, sizeof sc); /* the digits are the visitor's: leave no copy behind */
    return st;
}

field_status field_check_email(const char *s, size_t len)
{
    scanner sc;
    return check(FIELD_EMAIL, s, len, &sc);
}

field_status field_check(field_kind kind, const char *s, size_t len)
{
    switch (kind) {
    case FIELD_NAME:
        return field_check_name(s, len);
    case FIELD_PHONE:
        return field_check_phone(s, len, NULL);
    case FIELD_EMAIL:
        return field_check_email(s, len);
    }
    return FIELD_BAD_FORMAT;
}

bool field_accepts_while_typing(field_kind kind, const char *current, size_t current_len,
                                const char *insert, size_t insert_len)
{
    size_t max = field_max_bytes(kind);
    if ((!current && current_len) || (!insert && insert_len) || max == 0)
        return false;
    if (current_len > max || insert_len > max - current_len)
        return false;
    scanner sc;
    scanner_init(&sc, kind);
    bool ok = scan(&sc, current ? current : "", current_len) == FIELD_OK &&
              scan(&sc, insert ? insert : "", insert_len) == FIELD_OK;
    secure_wipe(&sc, sizeof sc);
    return ok;
}

bool field_form_ready(field_status name, field_status phone, field_status email, bool consent)
{
    bool name_fine = name == FIELD_OK || name == FIELD_EMPTY;
    bool phone_fine = phone == FIELD_OK || phone == FIELD_EMPTY;
    bool email_fine = email == FIELD_OK || email == FIELD_EMPTY;
    return consent && (phone == FIELD_OK || email == FIELD_OK) && name_fine && phone_fine &&
           email_fine;
}
