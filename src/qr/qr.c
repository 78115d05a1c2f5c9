#include "qr.h"

#include <qrencode.h>
#include <string.h>

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
