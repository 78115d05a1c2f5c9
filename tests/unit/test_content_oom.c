/* Review defect 16: the content loader used arena allocations unchecked, so
 * memory running out while loading meant a crash, or a NULL string taken for
 * "no value". Each load here runs in a child whose address space is capped
 * at what it already uses plus a little more, the cap rising step by step
 * until the load succeeds: every run must end in a clean result or in errors
 * (at least one of them "out of memory"), never in a crash or in a set that
 * is NULL without an error. Real allocations failing, no mock.
 * Not under AddressSanitizer: its shadow memory needs terabytes of address
 * space, so RLIMIT_AS cannot be used there (the test says so and passes). */
#include <stdbool.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "content/lint_load.h"
#include "content/load.h"
#include "lint/lint.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

enum { LOADED = 0, REFUSED_OOM = 1, REFUSED_OTHER = 2, INCONSISTENT = 3 };

#ifndef UNDER_ASAN
static size_t address_space_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static bool has_oom_line(const diag_list *d)
{
    for (int i = 0; i < d->count; i++)
        if (strstr(d->lines[i], "out of memory") || strstr(d->lines[i], "Cannot allocate memory"))
            return true;
    return false;
}

/* The child's verdict on loading what (content folder or lint.json). */
static int load_once(const char *what, bool lint)
{
    diag_list diags = {0};
    bool ok;
    if (lint) {
        lint_rules *rules = lint_rules_load(what, &diags);
        ok = rules != NULL;
        lint_rules_destroy(rules);
    } else {
        content_set *set = content_load(what, NULL, &diags);
        ok = set != NULL;
        content_destroy(set);
    }
    /* Lines may be lost when even a message cannot be kept; the count is not. */
    int verdict = ok && diags.errors == 0                              ? LOADED
                  : !ok && diags.errors == 0                           ? INCONSISTENT
                  : ok                                                 ? INCONSISTENT
                  : has_oom_line(&diags) || diags.count < diags.errors ? REFUSED_OOM
                                                                       : REFUSED_OTHER;
    diag_list_free(&diags);
    return verdict;
}

/* Runs load_once in a child capped at its size plus extra bytes. Returns the
 * verdict, or -signal when the child was killed. */
static int capped_load(const char *what, bool lint, size_t extra)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        malloc_trim(0); /* no free heap left over from the parent: every byte counts */
        size_t cap = address_space_bytes() + extra;
        struct rlimit rl = {cap, cap};
        if (setrlimit(RLIMIT_AS, &rl) != 0)
            _exit(100);
        _exit(load_once(what, lint));
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1000;
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

static void sweep(const char *what, bool lint, size_t step)
{
    /* Uncapped first (in a child too, so that this process's heap stays as
     * it was): a folder that does not load anyway proves nothing. */
    int plain = capped_load(what, lint, (size_t)1 << 40);
    CHECK_MSG(plain == LOADED, "%s does not load even without a cap (%d)", what, plain);
    if (plain != LOADED)
        return;
    int oom = 0, runs = 0;
    bool loaded = false;
    for (size_t extra = 0; extra <= (size_t)256 << 20 && !loaded; extra += step, runs++) {
        int v = capped_load(what, lint, extra);
        CHECK_MSG(v >= 0, "%s with %zu bytes to spare: killed by signal %d", what, extra, -v);
        CHECK_MSG(v != INCONSISTENT && v != 100,
                  "%s with %zu bytes to spare: no set and no error (or the reverse)", what, extra);
        oom += v == REFUSED_OOM;
        loaded = v == LOADED;
    }
    CHECK_MSG(loaded, "%s never loaded, even with 256 MiB to spare", what);
    CHECK_MSG(oom > 0, "%s: no run said \"out of memory\" (%d runs)", what, runs);
    printf("%s: %d capped runs, %d refused with \"out of memory\"\n", what, runs, oom);
}
#endif

int main(void)
{
#ifdef UNDER_ASAN
    puts("test_content_oom: skipped under AddressSanitizer (RLIMIT_AS cannot cap its shadow "
         "memory)");
    return 0;
#else
    const char *tests = getenv("LANTERN_TESTS");
    char dir[1024], lint[1100];
    snprintf(dir, sizeof dir, "%s/content-min", tests ? tests : "tests");
    snprintf(lint, sizeof lint, "%s/lint.json", dir);
    sweep(dir, false, 4096);
    sweep(lint, true, 4096);
    const char *shipped = getenv("LANTERN_CONTENT");
    if (shipped)
        sweep(shipped, false, 16384);
    return check_done("test_content_oom");
#endif
}
