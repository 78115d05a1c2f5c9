/* lanternctl: the staff tool's front, the program staff and scripts run.
 *
 * Why a front: the full tool needs SDL2 and SDL2_ttf (validate's fit check,
 * preview), sqlite3, libpq and more, about 85 shared libraries whose loading
 * costs ~9 ms on every start, several times the work of `content verify`
 * (bench/verify.sh). This program links only libc, cJSON and libsodium: it
 * prints --help and runs `content verify` itself, and hands every other
 * command to the full tool, lanternctl-tools, with execv: the same arguments
 * (argv[0] included), stdin, stdout, stderr and exit status, so the command
 * line, messages and exit codes are the same as one program's.
 *
 * Where lanternctl-tools is: next to this program (a build folder), else in
 * ../lib/lantern from it (the package: /usr/bin/lanternctl and
 * /usr/lib/lantern/lanternctl-tools). Found through /proc/self/exe, not
 * PATH, so that nothing else can stand in for it. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "tools/content_args.h"
#include "tools/usage.h"

#define TOOLS_NAME "lanternctl-tools"

/* The folder of this program (no trailing slash), or false. */
static bool own_folder(char *out, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return false;
    *slash = '\0';
    return str_copy(out, size, self[0] ? self : "/");
}

static bool is_program(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Runs the full tool in this process's place; returns only on failure. */
static int run_full_tool(char **argv)
{
    char folder[PATH_MAX], path[PATH_MAX + 64] = "";
    if (own_folder(folder, sizeof folder)) {
        const char *candidates[] = {"%s/" TOOLS_NAME, "%s/../lib/lantern/" TOOLS_NAME};
        for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
            if (str_format(path, sizeof path, candidates[i], folder) && is_program(path))
                break;
            path[0] = '\0';
        }
    }
    if (!path[0]) {
        fprintf(stderr,
                "lanternctl: cannot find %s (next to lanternctl or in ../lib/lantern from it; "
                "the lantern package installs it in /usr/lib/lantern); reinstall the package\n",
                TOOLS_NAME);
        return 1;
    }
    execv(path, argv);
    fprintf(stderr, "lanternctl: cannot run %s: %s\n", path, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(lanternctl_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (argc >= 3 && strcmp(argv[1], "content") == 0 && strcmp(argv[2], "verify") == 0) {
        content_args a;
        int st = content_parse(argc - 1, argv + 1, 2, &a);
        return st ? st : content_verify(&a);
    }
    return run_full_tool(argv);
}
