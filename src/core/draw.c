#include "draw.h"

#include "util.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

draw_list *draw_list_create(int cmd_cap, int item_cap, int target_cap, size_t text_cap)
{
    draw_list *dl = calloc(1, sizeof *dl);
    if (!dl)
        return NULL;
    dl->cmds = calloc((size_t)cmd_cap, sizeof *dl->cmds);
    dl->items = calloc((size_t)item_cap, sizeof *dl->items);
    dl->targets = calloc((size_t)target_cap, sizeof *dl->targets);
    dl->text = calloc(text_cap, 1);
    if (!dl->cmds || !dl->items || !dl->targets || !dl->text) {
        draw_list_destroy(dl);
        return NULL;
    }
    dl->cmd_cap = cmd_cap;
    dl->item_cap = item_cap;
    dl->target_cap = target_cap;
    dl->text_cap = text_cap;
    return dl;
}

void draw_list_destroy(draw_list *dl)
{
    if (!dl)
        return;
    free(dl->cmds);
    free(dl->items);
    free(dl->targets);
    free(dl->text);
    free(dl);
}

void draw_list_reset(draw_list *dl)
{
    dl->cmd_count = dl->item_count = dl->target_count = 0;
    secure_wipe(dl->text, dl->text_used);
    dl->text_used = 0;
    dl->sensitive = false;
    dl->overflow = false;
    dl->screen = "";
    dl->lang = "";
}

static draw_cmd *push_cmd(draw_list *dl)
{
    if (dl->cmd_count == dl->cmd_cap) {
        dl->overflow = true;
        return NULL;
    }
    draw_cmd *c = &dl->cmds[dl->cmd_count++];
    memset(c, 0, sizeof *c);
    return c;
}

void draw_fill(draw_list *dl, rect r, color c)
{
    draw_cmd *cmd = push_cmd(dl);
    if (cmd) {
        cmd->type = CMD_FILL;
        cmd->r = r;
        cmd->fg = c;
    }
}

int qr_side(int size, int module_px)
{
    return (size + 2 * 4) * module_px;
}

int draw_qr(draw_list *dl, int x, int y, const unsigned char *modules, int size, int module_px,
            const char *link, color fg, color bg)
{
    assert(size > 0 && module_px > 0 && (modules || link));
    int side = qr_side(size, module_px);
    draw_cmd *cmd = push_cmd(dl);
    if (cmd)
        *cmd = (draw_cmd){.type = CMD_QR,
                          .r = {x, y, side, side},
                          .fg = fg,
                          .bg = bg,
                          .qr = modules,
                          .qr_size = size,
                          .module_px = module_px,
                          .text = link,
                          .len = link ? (int)strlen(link) : 0};
    return side;
}

void draw_text(draw_list *dl, rect r, const char *text, int len, int px, font_style st, color fg,
               color bg)
{
    assert(text && len >= 0);
    draw_cmd *cmd = push_cmd(dl);
    if (cmd) {
        *cmd = (draw_cmd){.type = CMD_TEXT,
                          .r = r,
                          .fg = fg,
                          .bg = bg,
                          .text = text,
                          .len = len,
                          .px = px,
                          .style = st,
                          .sensitive = dl->sensitive};
    }
}

void draw_sensitive(draw_list *dl, bool on)
{
    dl->sensitive = on;
}

void draw_image(draw_list *dl, rect r, const char *path)
{
    draw_cmd *cmd = push_cmd(dl);
    if (cmd) {
        cmd->type = CMD_IMAGE;
        cmd->r = r;
        cmd->image = path;
    }
}

void draw_item_add(draw_list *dl, const char *text, int len, rect r, rect clip)
{
    if (dl->item_count == dl->item_cap) {
        dl->overflow = true;
        return;
    }
    dl->items[dl->item_count++] = (draw_item){text, len, r, clip, dl->sensitive, false};
}

void draw_target_add(draw_list *dl, rect r, action act, int arg)
{
    if (dl->target_count == dl->target_cap) {
        dl->overflow = true;
        return;
    }
    dl->targets[dl->target_count++] = (draw_target){r, act, arg};
}

const char *draw_strdup(draw_list *dl, const char *s)
{
    size_t n = strlen(s) + 1;
    if (dl->text_used + n > dl->text_cap) {
        dl->overflow = true;
        return "";
    }
    char *p = dl->text + dl->text_used;
    memcpy(p, s, n);
    dl->text_used += n;
    return p;
}

bool rect_contains(rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool rect_overlaps(rect a, rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool rect_inside(rect in, rect out)
{
    return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w &&
           in.y + in.h <= out.y + out.h;
}

const draw_target *draw_hit(const draw_list *dl, int x, int y)
{
    for (int i = dl->target_count - 1; i >= 0; i--)
        if (rect_contains(dl->targets[i].r, x, y))
            return &dl->targets[i];
    return NULL;
}

static double luminance(color c)
{
    double ch[3] = {c.r / 255.0, c.g / 255.0, c.b / 255.0};
    for (int i = 0; i < 3; i++)
        ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

double color_contrast(color a, color b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

void draw_icon(draw_list *dl, rect r, const char *icon, int px, color fg, color bg)
{
    /* Material Icons are square: px wide, px tall, centred in r. */
    rect box = {r.x + (r.w - px) / 2, r.y + (r.h - px) / 2, px, px};
    draw_text(dl, box, icon, (int)strlen(icon), px, FONT_ICON, fg, bg);
}
