/* Bounded strings, placeholders and UTF-8. */
#include <string.h>

#include "check.h"
#include "core/util.h"

int main(void)
{
    char buf[8];
    CHECK(str_copy(buf, sizeof buf, "short") && strcmp(buf, "short") == 0);
    CHECK(!str_copy(buf, sizeof buf, "much too long") && strlen(buf) == 7);
    /* Cutting never splits a character. */
    CHECK(!str_copy(buf, sizeof buf, "abcdefñ") && strcmp(buf, "abcdef") == 0);
    CHECK(!str_format(buf, sizeof buf, "%d", 123456789));
    char out[64];
    const char *names[] = {"page", "pages"}, *values[] = {"2", "6"};
    CHECK(str_fill(out, sizeof out, "Page {page} of {pages}", names, values, 2));
    CHECK(strcmp(out, "Page 2 of 6") == 0);
    CHECK(str_fill(out, sizeof out, "{unknown} {page", names, values, 2));
    CHECK(strcmp(out, "{unknown} {page") == 0);
    char tiny[6];
    CHECK(!str_fill(tiny, sizeof tiny, "Page {page} of {pages}", names, values, 2));
    CHECK(strlen(tiny) == 5);
    /* A cut never splits a character, and an exact fit keeps every byte. */
    const char *n1[] = {"x"}, *v1[] = {"ññ"};
    char five[5];
    CHECK(!str_fill(five, sizeof five, "a{x}b", n1, v1, 1) && strcmp(five, "añ") == 0);
    char six[7];
    CHECK(str_fill(six, sizeof six, "a{x}b", n1, v1, 1) && strcmp(six, "aññb") == 0);

    CHECK(utf8_valid("Señales á é í ó ú ü ¿", strlen("Señales á é í ó ú ü ¿")));
    CHECK(!utf8_valid("\xC3", 1));              /* cut short */
    CHECK(!utf8_valid("\xC0\xAF", 2));          /* overlong */
    CHECK(!utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
    CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));  /* past U+10FFFF */
    CHECK(!utf8_valid("\xFF", 1));
    uint32_t cp;
    CHECK(utf8_decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
    CHECK(utf8_floor("añb", 2) == 1);

    arena *a = arena_create();
    CHECK(a != NULL);
    char *s = arena_strdup(a, "hello");
    CHECK(s && strcmp(s, "hello") == 0);
    void *big = arena_alloc(a, 200000);
    CHECK(big != NULL);
    char *after = arena_strdup(a, "still small");
    CHECK(after && strcmp(after, "still small") == 0 && strcmp(s, "hello") == 0);
    arena_destroy(a);
    return check_done("test_util");
}
