#include "link.h"

#include <string.h>

#include "util.h"

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* RFC 3986: what may stand in a path, query or fragment, unescaped. */
static bool is_path_char(char c)
{
    return is_alnum(c) || strchr("-._~!$&'()*+,;=:@/?#%", c) != NULL;
}

static bool fail(char *why, size_t size, const char *msg)
{
    str_copy(why, size, msg);
    return false;
}

static bool check_tel(const char *num, char *why, size_t size)
{
    if (num[0] != '+')
        return fail(
            why, size,
            "a tel: link is \"tel:+\" and the number with its country code, e.g. tel:+13234021622");
    size_t digits = strspn(num + 1, "0123456789");
    if (num[1 + digits] != '\0')
        return fail(why, size, "a tel: link holds only \"+\" and digits, e.g. tel:+13234021622");
    if (digits < 8 || digits > 15)
        return fail(why, size, "a tel: number has 8 to 15 digits after the \"+\"");
    return true;
}

static bool check_host(const char *host, size_t len, char *why, size_t size)
{
    if (len == 0)
        return fail(why, size, "no host name after https://");
    bool dot = false;
    size_t label = 0;
    for (size_t i = 0; i < len; i++) {
        char c = host[i];
        if (c == '.') {
            if (label == 0 || host[i - 1] == '-')
                return fail(why, size, "the host name has an empty part or a part ending in \"-\"");
            dot = true;
            label = 0;
        } else if (is_alnum(c) || c == '-') {
            if (label == 0 && c == '-')
                return fail(why, size, "a part of the host name starts with \"-\"");
            if (++label > 63)
                return fail(why, size, "a part of the host name is longer than 63 characters");
        } else {
            return fail(why, size, "the host name may hold only letters, digits, \"-\" and \".\"");
        }
    }
    if (label == 0 || host[len - 1] == '-')
        return fail(why, size, "the host name ends in \".\" or \"-\"");
    if (!dot)
        return fail(why, size, "the host name needs a domain, e.g. www.example.org");
    return true;
}

bool link_check(const char *url, bool allow_tel, char *why, size_t why_size)
{
    size_t len = strlen(url);
    if (len == 0)
        return fail(why, why_size, "empty link");
    if (len > LINK_MAX_BYTES)
        return fail(why, why_size,
                    "a link has at most 200 bytes (a longer one makes a QR code too dense)");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20 || c >= 0x7F)
            return fail(
                why, why_size,
                "a link holds only printable ASCII, no spaces (write other characters as %XX)");
    }
    if (strncmp(url, "tel:", 4) == 0) {
        if (!allow_tel)
            return fail(why, why_size, "only https:// links are allowed here");
        return check_tel(url + 4, why, why_size);
    }
    if (strncmp(url, "https://", 8) != 0)
        return fail(
            why, why_size,
            allow_tel
                ? "a link starts with https:// (or tel:+ for a phone number)"
                : "a link starts with https:// (never http://: a visitor's phone must not be sent "
                  "to an unencrypted page)");
    const char *host = url + 8;
    size_t auth = strcspn(host, "/?#");
    if (memchr(host, '@', auth))
        return fail(why, why_size,
                    "a link may not hold a user name or password (\"@\" before the path)");
    size_t host_len = strcspn(host, ":/?#");
    if (!check_host(host, host_len, why, why_size))
        return false;
    if (host[host_len] == ':') {
        const char *port = host + host_len + 1;
        size_t digits = strspn(port, "0123456789");
        if (digits < 1 || digits > 5 || port + digits != host + auth)
            return fail(why, why_size, "the port after \":\" must be a number");
    }
    for (const char *p = host + auth; *p; p++) {
        if (!is_path_char(*p))
            return fail(why, why_size, "the path holds a character that must be written as %XX");
        if (*p == '%' && !(is_hex(p[1]) && is_hex(p[2])))
            return fail(why, why_size, "\"%\" in a link must be followed by two hex digits");
    }
    return true;
}
