/* Read-aloud latency: tap to first sound for a typical page, against
 * espeak-ng's own command-line synthesis of the same text in the same run.
 *
 *   bench_speech CONTENT_DIR RUNS    prints one line per language:
 *   LANG WORDS SAY_MAX_MS SYNTH_MS LEAD_MS FIRST_SOUND_MS CLI_MS
 *
 * The page: the first section (heading and what follows, up to the next
 * heading) of "understanding-self-harm", split into sentences as the kiosk
 * does. Lantern: speech_say() (the UI thread's whole cost: copy and signal),
 * then the time until the first sample above the silence threshold is ready
 * in the ring (synthesis of the first sentence only), or the leading silence
 * espeak-ng puts before it if longer, plus one audio device buffer (1024
 * samples, 46 ms at 22050 Hz). Floor: `espeak-ng -v VOICE -s 155 --stdout`
 * of the same text to /dev/null, spawn to exit. Medians. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "content/load.h"
#include "core/sentences.h"
#include "core/util.h"
#include "speech/speech.h"

extern char **environ;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    int runs = atoi(argv[2]);
    if (runs < 1 || runs > 200)
        return 2;
    diag_list diags = {0};
    content_set *set = content_load(argv[1], NULL, &diags);
    if (!set) {
        diag_list_print(&diags);
        return 1;
    }
    speech *sp = speech_create(NULL);
    if (!sp)
        return 1;
    for (int l = 0; l < set->lang_count; l++) {
        const content_lang *lang = &set->langs[l];
        const content_doc *doc = NULL;
        for (int d = 0; d < lang->doc_count; d++)
            if (strcmp(lang->docs[d].id, "understanding-self-harm") == 0)
                doc = &lang->docs[d];
        if (!doc)
            return 1;
        /* The page's sentences, and the same text as one file for the CLI. */
        static const char *texts[SPEECH_MAX_SENTENCES];
        static int lens[SPEECH_MAX_SENTENCES];
        static char all[16384];
        all[0] = '\0';
        int count = 0, words = 0;
        for (int b = 0; b < doc->block_count; b++) {
            const content_block *blk = &doc->blocks[b];
            if (b > 0 && blk->type == BLOCK_HEADING)
                break;
            const char *pieces[32];
            int np = 0;
            if (blk->type == BLOCK_LIST)
                for (int k = 0; k < blk->item_count && np < 32; k++)
                    pieces[np++] = blk->items[k];
            else if (blk->text)
                pieces[np++] = blk->text;
            for (int p = 0; p < np; p++) {
                sentence_span sp_[64];
                int n = sentence_split(pieces[p], (int)strlen(pieces[p]), sp_, 64);
                for (int k = 0; k < n && k < 64 && count < SPEECH_MAX_SENTENCES; k++) {
                    texts[count] = pieces[p] + sp_[k].off;
                    lens[count++] = sp_[k].len;
                }
                str_append(all, sizeof all, pieces[p]);
                str_append(all, sizeof all, "\n");
                for (const char *c = pieces[p]; *c; c++)
                    words += *c == ' ';
                words++;
            }
        }
        char path[64];
        str_format(path, sizeof path, "/tmp/lantern-bench-speech-%s.txt", lang->code);
        FILE *f = fopen(path, "w");
        fputs(all, f);
        fclose(f);

        double say[200], synth[200], lead[200], first[200], cli[200];
        int16_t buf[256];
        for (int r = 0; r < runs; r++) {
            double t0 = now_ms();
            speech_say(sp, lang->code, texts, lens, count, r);
            double t1 = now_ms();
            long silent = 0;
            for (;;) {
                int n = speech_read_wait(sp, buf, 256), k = 0;
                while (k < n && buf[k] < 500 && buf[k] > -500)
                    k++;
                silent += k;
                if (k < n || n == 0)
                    break;
            }
            double t2 = now_ms();
            speech_stop(sp);
            say[r] = t1 - t0;
            synth[r] = t2 - t0;
            lead[r] = silent * 1000.0 / speech_rate(sp);
            first[r] = (synth[r] > lead[r] ? synth[r] : lead[r]) + 1024 * 1000.0 / speech_rate(sp);

            const char *voice = strcmp(lang->code, "es") == 0 ? "es-419" : "en-us";
            char *args[] = {"espeak-ng", "-v", (char *)voice, "-s", "155",
                            "--stdout",  "-f", path,          NULL};
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
            pid_t pid;
            double c0 = now_ms();
            if (posix_spawnp(&pid, "espeak-ng", &fa, NULL, args, environ) != 0)
                return 1;
            int status;
            waitpid(pid, &status, 0);
            cli[r] = now_ms() - c0;
            posix_spawn_file_actions_destroy(&fa);
        }
        double say_max = 0;
        for (int r = 0; r < runs; r++)
            say_max = say[r] > say_max ? say[r] : say_max;
        printf("%s %d %.3f %.1f %.1f %.1f %.1f\n", lang->code, words, say_max, median(synth, runs),
               median(lead, runs), median(first, runs), median(cli, runs));
        remove(path);
    }
    speech_destroy(sp);
    content_destroy(set);
    return 0;
}
