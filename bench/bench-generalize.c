/* SPDX-License-Identifier: MIT */
/* bench-generalize: cost of privpol__generalize_user_agent(), the user-agent
 * generalization that runs on every event.
 *
 * Usage: bench-generalize [EVENTS.jsonl]   (default: data/events-sample.jsonl)
 *
 * Reads the "user_agent" string of every line, then times RUNS runs; one run is as many
 * passes over all the user agents as fill about 50 ms (found once beforehand), timed
 * with clock_gettime(CLOCK_MONOTONIC). Prints the median ns per user agent over the runs,
 * with the fastest and slowest run: timings on a shared machine are not pass/fail, so
 * this is not a test (see bench/README.md). The target is below 150 ns for a typical
 * 120-byte user agent. */
#include "bench-util.h"

#include "generalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DEFAULT_EVENTS
#define DEFAULT_EVENTS "data/events-sample.jsonl"
#endif

#define RUNS 5
#define RUN_NS 50e6
#define KEY "\"user_agent\":\""

struct uas {
    char *arena;
    size_t used, cap;
    size_t *off, *len;
    size_t count, slots;
};

static void
push(struct uas *u, const char *s, size_t n)
{
    if (u->used + n > u->cap) {
        size_t cap = u->cap ? u->cap : 4096;
        while (cap < u->used + n)
            cap *= 2;
        if ((u->arena = realloc(u->arena, cap)) == NULL)
            bench_die("out of memory");
        u->cap = cap;
    }
    if (u->count == u->slots) {
        u->slots = u->slots ? 2 * u->slots : 256;
        if ((u->off = realloc(u->off, u->slots * sizeof *u->off)) == NULL ||
            (u->len = realloc(u->len, u->slots * sizeof *u->len)) == NULL)
            bench_die("out of memory");
    }
    memcpy(u->arena + u->used, s, n);
    u->off[u->count] = u->used;
    u->len[u->count++] = n;
    u->used += n;
}

/* The JSON string starting at p (after the opening quote) into buf, with the simple
 * escapes undone (\uXXXX is kept as it is: the classifier ignores it anyway). Returns
 * its length, or (size_t)-1 when it is not terminated on the line. */
static size_t
json_string(const char *p, char *buf, size_t cap)
{
    size_t n = 0;
    for (; *p != '"'; p++) {
        char c = *p;
        if (c == '\0' || c == '\n')
            return (size_t)-1;
        if (c == '\\') {
            c = *++p;
            if (c == '\0')
                return (size_t)-1;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
        }
        if (n < cap)
            buf[n++] = c;
    }
    return n;
}

static struct uas
read_uas(const char *path)
{
    struct uas u = {0};
    char line[65536], ua[8192];
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
        bench_die("cannot open %s", path);
    while (fgets(line, sizeof line, fp) != NULL) {
        const char *v = strstr(line, KEY);
        size_t n;
        if (v == NULL || (n = json_string(v + strlen(KEY), ua, sizeof ua)) == (size_t)-1)
            continue;
        push(&u, ua, n);
    }
    fclose(fp);
    if (u.count == 0)
        bench_die("no \"user_agent\" string in %s", path);
    return u;
}

/* One pass over every user agent; returns a checksum of the outputs, so that the calls
 * cannot be optimized away. */
static size_t
pass(const struct uas *u)
{
    char out[PRIVPOL__GENERALIZED_UA_MAX];
    size_t sum = 0, len;
    for (size_t i = 0; i < u->count; i++) {
        if (privpol__generalize_user_agent(u->arena + u->off[i], u->len[i], out,
                                           sizeof out, &len) != PRIVPOL_OK)
            bench_die("privpol__generalize_user_agent failed");
        sum += len + (unsigned char)out[0];
    }
    return sum;
}

int
main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : DEFAULT_EVENTS;
    struct uas u;
    double ns[RUNS], t0, one, median, bytes = 0;
    size_t passes, checksum = 0;

    bench_init("bench-generalize", 2);
    if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
        bench_die("usage: bench-generalize [EVENTS.jsonl]");
    u = read_uas(path);
    for (size_t i = 0; i < u.count; i++)
        bytes += (double)u.len[i];

    /* warm-up, and the number of passes that fills about RUN_NS */
    t0 = bench_now_ns();
    checksum += pass(&u);
    one = bench_now_ns() - t0;
    passes = one > 0 ? (size_t)(RUN_NS / one) : 1000;
    if (passes < 1)
        passes = 1;

    for (unsigned r = 0; r < RUNS; r++) {
        t0 = bench_now_ns();
        for (size_t k = 0; k < passes; k++)
            checksum += pass(&u);
        ns[r] = (bench_now_ns() - t0) / ((double)passes * (double)u.count);
    }
    median = bench_median(ns, RUNS); /* sorts ns: ns[0] is the fastest run */
    printf("user agents       %zu from %s (mean %.0f bytes)\n", u.count, path,
           bytes / (double)u.count);
    printf("runs              %u x %zu passes\n", RUNS, passes);
    printf("ns per user agent %.1f median (fastest run %.1f, slowest %.1f)\n", median,
           ns[0], ns[RUNS - 1]);
    printf("checksum          %zu\n", checksum);
    free(u.arena);
    free(u.off);
    free(u.len);
    return 0;
}
