#include "csv.h"

#include <stdbool.h>
#include <string.h>

void csv_field(FILE *out, const char *v)
{
    bool formula = v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@';
    bool quote = formula || strpbrk(v, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(v, out);
        return;
    }
    fputc('"', out);
    if (formula)
        fputc('\'', out);
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}
