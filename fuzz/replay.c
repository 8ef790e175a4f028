/* SPDX-License-Identifier: MIT */
/* main() of a fuzz target built without libFuzzer (the 'fuzz' test suite): replays each
 * file of the directories given (the target's corpus, then its regressions) through
 * LLVMFuzzerTestOneInput(), in name order, each in a heap block of exactly its size as
 * libFuzzer does, so that a sanitizer build sees a read past the end.
 *
 * Files whose names begin with '.' and README files are not inputs. A directory that is
 * missing or holds no file at all is an error, and so is a first directory (the corpus)
 * without an input: the test never passes vacuously. A target's broken property aborts;
 * the handler names the input first. */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char current[4096];        /* the input being replayed, for the crash handler */
static unsigned char no_bytes[1]; /* an empty input where malloc(0) gives NULL */

static void
say(const char *s)
{
    ssize_t r = write(STDERR_FILENO, s, strlen(s));
    (void)r;
}

static void
on_crash(int sig)
{
    say("replay: crash or broken property on input ");
    say(current);
    say("\n");
    signal(sig, SIG_DFL);
    raise(sig);
}

static int
not_hidden(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

static int
is_readme(const char *name)
{
    return strcmp(name, "README") == 0 || strncmp(name, "README.", 7) == 0;
}

/* Read a whole file into a block of exactly its size (as libFuzzer, a block of size 0,
 * not NULL, for an empty file). */
static int
read_file(const char *path, unsigned char **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    unsigned char *buf;
    size_t n;
    if (f == NULL || fstat(fileno(f), &st) != 0 || st.st_size < 0) {
        if (f != NULL)
            fclose(f);
        return -1;
    }
    n = (size_t)st.st_size;
    if ((buf = malloc(n > 0 ? n : 1)) == NULL || fread(buf, 1, n, f) != n) {
        free(buf);
        fclose(f);
        return -1;
    }
    if (n == 0) { /* a block of exactly 0 bytes, so that any read of it is caught */
        free(buf);
        if ((buf = malloc(0)) == NULL)
            buf = no_bytes;
    }
    fclose(f);
    *data = buf;
    *size = n;
    return 0;
}

/* Replay one directory; returns the number of inputs, or -1 (message printed). */
static long
replay_dir(const char *dir, int need_input)
{
    struct dirent **names = NULL;
    long inputs = 0, files = 0;
    int n = scandir(dir, &names, not_hidden, alphasort), failed = 0;

    if (n < 0) {
        fprintf(stderr, "replay: %s: cannot read the directory\n", dir);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        unsigned char *data = NULL;
        size_t size = 0;
        struct stat st;
        int len = snprintf(current, sizeof current, "%s/%s", dir, names[i]->d_name);
        if (!failed && (len < 0 || (size_t)len >= sizeof current ||
                        stat(current, &st) != 0 || !S_ISREG(st.st_mode))) {
            fprintf(stderr, "replay: %s: not a regular file\n", current);
            failed = 1;
        }
        if (failed) {
            free(names[i]);
            continue;
        }
        files++;
        if (!is_readme(names[i]->d_name)) {
            if (read_file(current, &data, &size) != 0) {
                fprintf(stderr, "replay: %s: cannot read\n", current);
                failed = 1;
            } else {
                LLVMFuzzerTestOneInput(data, size);
                if (data != no_bytes)
                    free(data);
                inputs++;
            }
        }
        free(names[i]);
    }
    free(names);
    if (failed)
        return -1;
    if (files == 0) {
        fprintf(stderr, "replay: %s holds no file\n", dir);
        return -1;
    }
    if (need_input && inputs == 0) {
        fprintf(stderr, "replay: %s holds no input\n", dir);
        return -1;
    }
    printf("%s: %ld inputs\n", dir, inputs);
    return inputs;
}

int
main(int argc, char **argv)
{
    long total = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS_DIR [REGRESSIONS_DIR...]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0); /* counts reach the log even if a target aborts */
    signal(SIGABRT, on_crash);
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGILL, on_crash);
    for (int i = 1; i < argc; i++) {
        long n = replay_dir(argv[i], i == 1);
        if (n < 0)
            return 1;
        total += n;
    }
    printf("%ld inputs replayed\n", total);
    return 0;
}
