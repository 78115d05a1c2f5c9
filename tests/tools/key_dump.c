/* key_dump: prints the 32 secret bytes of a private key file as hex (the
 * passphrase of a protected one is a line on stdin), so that a test can look
 * for them in a process's memory. Test use only. */
#include <stdio.h>
#include <string.h>

#include "store/store.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: key_dump PRIVATE_KEY < passphrase\n", stderr);
        return 2;
    }
    char pass[1100] = "", err[1400];
    if (!fgets(pass, sizeof pass, stdin))
        pass[0] = '\0';
    pass[strcspn(pass, "\n")] = '\0';
    store_private_key key;
    bool ok = store_load_private_key_passphrase(argv[1], pass, &key, err, sizeof err);
    store_wipe(pass, sizeof pass);
    if (!ok) {
        fprintf(stderr, "key_dump: %s\n", err);
        return 1;
    }
    for (size_t i = 0; i < sizeof key.sk; i++)
        printf("%02x", key.sk[i]);
    putchar('\n');
    store_wipe(&key, sizeof key);
    return 0;
}
