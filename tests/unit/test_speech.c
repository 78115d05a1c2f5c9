/* Read-aloud and QR codes with their real libraries: espeak-ng through the
 * speech module's worker and ring, SDL's dummy audio driver on the virtual
 * clock, recorded WAV clips, and QR codes decoded by zbarimg (zbar-tools). */
#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "core/util.h"
#include "platform/audio.h"
#include "qr/qr.h"
#include "speech/speech.h"

static char tmp[64];

typedef struct {
    int64_t samples, voiced;
    int sentences_seen[8];
    int order_ok;
} heard;

/* Reads a whole reading in 50 ms steps, as the harness does. */
static heard listen_all(speech *sp, int id)
{
    heard h = {0};
    h.order_ok = 1;
    int16_t buf[2048];
    int frames = speech_rate(sp) / 20, last = -1;
    for (int step = 0; step < 20 * 120; step++) {
        speech_status_info st;
        speech_status(sp, &st);
        if (!st.active)
            break;
        CHECK(st.id == id);
        int n = speech_read_wait(sp, buf, frames);
        for (int i = 0; i < n; i++)
            h.voiced += buf[i] > 500 || buf[i] < -500;
        h.samples += n;
        speech_status(sp, &st);
        if (st.sentence >= 0 && st.sentence < 8)
            h.sentences_seen[st.sentence] = 1;
        if (st.sentence < last)
            h.order_ok = 0;
        last = st.sentence;
    }
    return h;
}

static void test_say(speech *sp)
{
    CHECK(speech_rate(sp) == 22050);
    const char *en[] = {"You are not alone.", "Call or text 988 at any time.",
                        "Ask at the front desk."};
    int lens[3];
    for (int i = 0; i < 3; i++)
        lens[i] = (int)strlen(en[i]);
    CHECK(speech_say(sp, "en", en, lens, 3, 7));
    heard h = listen_all(sp, 7);
    double secs = (double)h.samples / speech_rate(sp);
    /* Sixteen words at about 155 a minute, with pauses: between 3 and 12 s. */
    CHECK_MSG(secs > 3.0 && secs < 12.0, "English reading lasted %.2f s", secs);
    CHECK_MSG(h.voiced > h.samples / 4, "only %lld of %lld samples are sound", (long long)h.voiced,
              (long long)h.samples);
    CHECK(h.sentences_seen[0] && h.sentences_seen[1] && h.sentences_seen[2] && h.order_ok);
    speech_status_info st;
    speech_status(sp, &st);
    CHECK(!st.active && st.played == h.samples);

    const char *es[] = {"No está solo.", "Llame o envíe un mensaje de texto al 988."};
    int es_lens[2] = {(int)strlen(es[0]), (int)strlen(es[1])};
    CHECK(speech_say(sp, "es", es, es_lens, 2, 8));
    h = listen_all(sp, 8);
    secs = (double)h.samples / speech_rate(sp);
    CHECK_MSG(secs > 2.0 && secs < 10.0, "Spanish reading lasted %.2f s", secs);
    CHECK(h.voiced > h.samples / 4 && h.sentences_seen[0] && h.sentences_seen[1]);

    CHECK(!speech_say(sp, "fr", en, lens, 3, 9)); /* no voice: nothing changes */
    CHECK(!speech_say(sp, "en", en, lens, 0, 9));
}

static void test_stop(speech *sp)
{
    static char longtext[4000];
    longtext[0] = '\0';
    for (int i = 0; i < 40; i++)
        str_append(longtext, sizeof longtext,
                   "This sentence is long enough to keep the voice busy for a while. ");
    const char *t[] = {longtext};
    int len = (int)strlen(longtext);
    CHECK(speech_say(sp, "en", t, &len, 1, 1));
    int16_t buf[2048];
    /* The worker fills the ring (4 s) and waits: stop must still be immediate. */
    CHECK(speech_read_wait(sp, buf, 2048) == 2048);
    speech_stop(sp);
    speech_status_info st;
    speech_status(sp, &st);
    CHECK(!st.active);
    CHECK(speech_read(sp, buf, 2048) == 0); /* silence at once: nothing left in the ring */
    int silent = 1;
    for (int i = 0; i < 2048; i++)
        silent &= buf[i] == 0;
    CHECK(silent);
    /* A new reading starts from its first sentence, without the old one's sound. */
    const char *s2[] = {"Hello.", "Goodbye."};
    int l2[2] = {6, 8};
    CHECK(speech_say(sp, "en", s2, l2, 2, 2));
    heard h = listen_all(sp, 2);
    CHECK(h.samples > 0 && (double)h.samples / speech_rate(sp) < 4.0);
    CHECK(h.sentences_seen[0] && h.sentences_seen[1]);
    /* Replacing a reading mid-way works the same as stopping. */
    CHECK(speech_say(sp, "en", t, &len, 1, 3));
    CHECK(speech_read_wait(sp, buf, 1024) == 1024);
    CHECK(speech_say(sp, "en", s2, l2, 2, 4));
    h = listen_all(sp, 4);
    CHECK((double)h.samples / speech_rate(sp) < 4.0);
}

static void test_volume(speech *sp)
{
    const char *t[] = {"Volume."};
    int len = 7;
    speech_set_volume(sp, 0);
    CHECK(speech_say(sp, "en", t, &len, 1, 5));
    heard h = listen_all(sp, 5);
    CHECK(h.samples > 0 && h.voiced == 0); /* volume 0: all silence */
    speech_set_volume(sp, 100);
}

/* A 1 s 440 Hz tone as a 22050 Hz mono WAV, played as a recorded clip. */
static void test_clip(speech *sp)
{
    char path[128];
    str_format(path, sizeof path, "%s/tone.wav", tmp);
    SDL_AudioSpec spec = {.freq = 22050, .format = AUDIO_S16LSB, .channels = 1};
    int n = 22050;
    int16_t *pcm = malloc((size_t)n * 2);
    for (int i = 0; i < n; i++)
        pcm[i] = (int16_t)((i / 25) % 2 ? 8000 : -8000);
    FILE *f = fopen(path, "wb");
    unsigned char h[44] = "RIFF";
    unsigned v[] = {36 + (unsigned)n * 2};
    memcpy(h + 4, v, 4);
    memcpy(h + 8, "WAVEfmt \x10\0\0\0\x01\0\x01\0", 16);
    unsigned rate = 22050, bps = 44100;
    memcpy(h + 24, &rate, 4);
    memcpy(h + 28, &bps, 4);
    memcpy(h + 32, "\x02\0\x10\0data", 8);
    unsigned dbytes = (unsigned)n * 2;
    memcpy(h + 40, &dbytes, 4);
    fwrite(h, 1, 44, f);
    fwrite(pcm, 2, (size_t)n, f);
    fclose(f);
    (void)spec;
    size_t got = 0;
    int16_t *clip = audio_load_wav(path, speech_rate(sp), &got);
    CHECK(clip && got == (size_t)n);
    CHECK(clip && memcmp(clip, pcm, (size_t)n * 2) == 0); /* same rate: the same samples */
    CHECK(clip && speech_play(sp, clip, got, 6));
    heard hh = listen_all(sp, 6);
    CHECK(hh.samples == n && hh.voiced == n && hh.sentences_seen[0]);
    free(clip);
    free(pcm);
    CHECK(audio_load_wav("/nonexistent/x.wav", 22050, &got) == NULL);
}

/* The dummy audio driver on the virtual clock: exactly the samples that fit
 * the time that passed, captured to a file. */
static void test_device(speech *sp)
{
    char cap[128];
    str_format(cap, sizeof cap, "%s/capture.raw", tmp);
    audio *au = audio_open(sp, NULL, true, cap);
    CHECK(au != NULL);
    if (!au)
        return;
    const char *t[] = {"Take this home."};
    int len = (int)strlen(t[0]);
    CHECK(speech_say(sp, "en", t, &len, 1, 10));
    int ms = 0;
    speech_status_info st;
    do {
        audio_advance(au, 100);
        ms += 100;
        speech_status(sp, &st);
    } while (st.active && ms < 20000);
    audio_advance(au, 100);
    ms += 100;
    audio_close(au);
    struct stat sb;
    CHECK(stat(cap, &sb) == 0 && sb.st_size == (off_t)ms * 22050 / 1000 * 2);
    CHECK(st.voiced > 22050 / 4); /* at least a quarter second of sound */
}

/* Draws a code as the renderer does (integer modules, 4-module quiet zone)
 * and reads it back with zbarimg. */
static void test_qr_decodes(void)
{
    const char *urls[] = {
        "https://988lifeline.org/", "https://www.clearviewtreatment.com/", "tel:+13234021622",
        "https://example.org/a/very/long/path/with-many-parts/and?query=1&more=2#fragment-at-end"};
    for (size_t u = 0; u < sizeof urls / sizeof urls[0]; u++) {
        for (int px = 3; px <= 8; px += 5) {
            qr_code q;
            CHECK(qr_encode(urls[u], &q));
            int side = (q.size + 2 * QR_QUIET_MODULES) * px;
            SDL_Surface *s =
                SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_RGBA32);
            SDL_FillRect(s, NULL, SDL_MapRGB(s->format, 255, 255, 255));
            for (int y = 0; y < q.size; y++)
                for (int x = 0; x < q.size; x++)
                    if (qr_dark(&q, x, y)) {
                        SDL_Rect r = {(x + QR_QUIET_MODULES) * px, (y + QR_QUIET_MODULES) * px, px,
                                      px};
                        SDL_FillRect(s, &r, SDL_MapRGB(s->format, 16, 16, 16));
                    }
            char png[128], cmd[300], out[512] = "";
            str_format(png, sizeof png, "%s/qr.png", tmp);
            CHECK(IMG_SavePNG(s, png) == 0);
            SDL_FreeSurface(s);
            str_format(cmd, sizeof cmd, "zbarimg --raw -q %s 2>/dev/null", png);
            FILE *p = popen(cmd, "r");
            size_t got = p ? fread(out, 1, sizeof out - 1, p) : 0;
            out[got] = '\0';
            if (p)
                pclose(p);
            if (got && out[got - 1] == '\n')
                out[got - 1] = '\0';
            CHECK_MSG(strcmp(out, urls[u]) == 0, "decoded \"%s\" for %s at %d px", out, urls[u],
                      px);
        }
    }
}

int main(void)
{
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    str_copy(tmp, sizeof tmp, "/tmp/lantern-speech-XXXXXX");
    if (!mkdtemp(tmp))
        return 1;
    CHECK(SDL_Init(SDL_INIT_AUDIO) == 0);
    speech *sp = speech_create(NULL);
    CHECK(sp != NULL);
    if (sp) {
        test_say(sp);
        test_stop(sp);
        test_volume(sp);
        test_clip(sp);
        test_device(sp);
        speech_destroy(sp);
    }
    test_qr_decodes();
    SDL_Quit();
    char cmd[100];
    str_format(cmd, sizeof cmd, "rm -rf %s", tmp);
    CHECK(system(cmd) == 0);
    return check_done("speech");
}
