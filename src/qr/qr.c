#include "qr.h"

#include <qrencode.h>
#include <string.h>

int qr_size_for_length(size_t len)
{
    /* Data codewords of versions 1..10 at level M (ISO/IEC 18004, table 7). */
    static const int data_codewords[10] = {16, 28, 44, 64, 86, 108, 124, 154, 182, 216};
    if (len == 0 || len > 200)
        return 0;
    for (int v = 1; v <= 10; v++) {
        /* Mode indicator, character count (8 bits up to version 9, 16 from 10), data. */
        size_t bits = 4 + (v <= 9 ? 8 : 16) + 8 * len;
        if (bits <= (size_t)data_codewords[v - 1] * 8)
            return 17 + 4 * v;
    }
    return 0;
}

bool qr_encode(const char *text, qr_code *out)
{
    memset(out, 0, sizeof *out);
    size_t len = text ? strlen(text) : 0;
    if (len == 0 || len > 200)
        return false;
    /* Version 0: the smallest version that holds the text. */
    QRcode *code = QRcode_encodeData((int)len, (const unsigned char *)text, 0, QR_ECLEVEL_M);
    if (!code)
        return false;
    bool ok = code->width > 0 && code->width <= QR_MAX_MODULES;
    if (ok) {
        out->size = code->width;
        /* libqrencode's bit 0 is "dark"; the other bits describe the module's role. */
        for (int i = 0; i < code->width * code->width; i++)
            out->dark[i] = code->data[i] & 1;
    }
    QRcode_free(code);
    return ok;
}
