/* approval: the canonical text, path and date rules, and that the signature
 * covers every field (core/approval.h, store/approval_sign.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/approval.h"
#include "core/util.h"
#include "store/approval_sign.h"

static approval sample(void)
{
    approval a = {.format = APPROVAL_FORMAT};
    str_copy(a.content_version, sizeof a.content_version, "2026-12-01.1");
    str_copy(a.name, sizeof a.name, "Dr. Ana Ruiz");
    str_copy(a.role, sizeof a.role, "Clinical Director");
    str_copy(a.approved_at, sizeof a.approved_at, "2026-12-01T10:00:00Z");
    str_copy(a.review_due, sizeof a.review_due, "2027-06-01");
    a.file_count = 2;
    a.files = calloc(2, sizeof *a.files);
    a.files[0].path = strdup("en/help.json");
    a.files[0].size = 10;
    a.files[1].path = strdup("manifest.json");
    a.files[1].size = 20;
    memset(a.files[0].hash, 0xAB, APPROVAL_HASH_BYTES);
    memset(a.files[1].hash, 0xCD, APPROVAL_HASH_BYTES);
    return a;
}

int main(void)
{
    /* Paths approval.json may hold. */
    CHECK(approval_path_ok("en/help.json"));
    CHECK(approval_path_ok("images/a b.png"));
    CHECK(!approval_path_ok(""));
    CHECK(!approval_path_ok("/etc/passwd"));
    CHECK(!approval_path_ok("../x"));
    CHECK(!approval_path_ok("en/../../x"));
    CHECK(!approval_path_ok("en/./x"));
    CHECK(!approval_path_ok("en//x"));
    CHECK(!approval_path_ok("en/"));
    CHECK(!approval_path_ok("a\nb"));
    CHECK(!approval_path_ok("a\\b"));
    /* Dates and times. */
    CHECK(approval_day_number("1970-01-01") == -1); /* outside 2000..2100 */
    CHECK(approval_day_number("2000-01-01") == 10957);
    CHECK(approval_day_number("2026-02-29") == -1);
    CHECK(approval_day_number("2028-02-29") > 0);
    CHECK(approval_day_number("2026-12-05") - approval_day_number("2026-11-05") == 30);
    CHECK(approval_time_ok("2026-12-01T10:00:00Z"));
    CHECK(!approval_time_ok("2026-12-01T24:00:00Z"));
    CHECK(!approval_time_ok("2026-12-01 10:00:00Z"));
    CHECK(!approval_time_ok("2026-12-01T10:00:00"));
    CHECK(approval_text_ok("Dr. Ana Ruiz") && !approval_text_ok("") && !approval_text_ok("a\tb"));
    unsigned char bytes[2];
    CHECK(approval_unhex("0aff", bytes, 2) && bytes[0] == 0x0a && bytes[1] == 0xff);
    CHECK(!approval_unhex("0AFF", bytes, 2) && !approval_unhex("0af", bytes, 2));

    /* The canonical text: exact lines, files in path order. */
    approval a = sample();
    approval_file swap = a.files[0];
    a.files[0] = a.files[1];
    a.files[1] = swap;
    CHECK(approval_sort_files(&a));
    size_t len;
    char *text = approval_canonical(&a, &len);
    char want[1024], h1[65], h2[65], key[65];
    approval_hex(a.files[0].hash, 32, h1);
    approval_hex(a.files[1].hash, 32, h2);
    approval_hex(a.key, 32, key);
    str_format(want, sizeof want,
               "lantern-approval 1\ncontent-version 2026-12-01.1\nname Dr. Ana Ruiz\nrole Clinical "
               "Director\n"
               "approved-at 2026-12-01T10:00:00Z\nreview-due 2027-06-01\nkey %s\nfiles 2\n%s 10 "
               "en/help.json\n"
               "%s 20 manifest.json\n",
               key, h1, h2);
    CHECK_MSG(text && strcmp(text, want) == 0 && len == strlen(want), "%s", text ? text : "(null)");
    free(text);

    /* Signed: verifies; any field changed: it does not. */
    unsigned char sk[APPROVAL_SECRET_KEY_BYTES];
    char dir[64], err[1024];
    str_copy(dir, sizeof dir, "/tmp/lantern-approval-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
    char keys[128];
    str_format(keys, sizeof keys, "%s/keys", dir);
    CHECK(approval_keygen(keys, "unit test passphrase", err, sizeof err));
    char secret[200], public_path[200];
    str_format(secret, sizeof secret, "%s/%s", keys, APPROVER_SECRET_KEY_NAME);
    str_format(public_path, sizeof public_path, "%s/%s", keys, APPROVER_PUBLIC_KEY_NAME);
    CHECK(approval_load_secret_key(secret, "unit test passphrase", sk, err, sizeof err));
    unsigned char other[APPROVAL_SECRET_KEY_BYTES];
    CHECK(!approval_load_secret_key(secret, "wrong passphrase!", other, err, sizeof err));
    CHECK_MSG(strstr(err, "wrong passphrase") != NULL, "%s", err);
    unsigned char pk[APPROVAL_KEY_BYTES];
    CHECK(approval_load_public_key(public_path, pk, err, sizeof err));
    unsigned char not_public[APPROVAL_KEY_BYTES];
    CHECK(!approval_load_public_key(secret, not_public, err, sizeof err));
    CHECK_MSG(strstr(err, "this is a secret key") != NULL, "%s", err);
    CHECK(!approval_keygen(keys, "unit test passphrase", err, sizeof err)); /* never overwritten */
    CHECK(approval_sign(&a, sk));
    approval_wipe(sk, sizeof sk);
    CHECK(memcmp(a.key, pk, sizeof pk) == 0);
    CHECK(approval_signature_ok(&a));
    approval b = a;
    b.name[0] = 'X';
    CHECK(!approval_signature_ok(&b));
    b = a;
    b.role[0] = 'X';
    CHECK(!approval_signature_ok(&b));
    b = a;
    b.review_due[3] = '9';
    CHECK(!approval_signature_ok(&b));
    b = a;
    b.approved_at[3] = '9';
    CHECK(!approval_signature_ok(&b));
    b = a;
    b.content_version[0] = 'X';
    CHECK(!approval_signature_ok(&b));
    a.files[1].size++;
    CHECK(!approval_signature_ok(&a));
    a.files[1].size--;
    a.files[0].hash[5] ^= 1;
    CHECK(!approval_signature_ok(&a));
    a.files[0].hash[5] ^= 1;
    a.files[0].path[0] = 'E';
    CHECK(!approval_signature_ok(&a));
    a.files[0].path[0] = 'e';
    CHECK(approval_signature_ok(&a));
    approval_clear(&a);
    CHECK(a.files == NULL && a.file_count == 0);

    char cmd[200];
    str_format(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
    return check_done("test_approval");
}
