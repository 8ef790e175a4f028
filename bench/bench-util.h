/* SPDX-License-Identifier: MIT */
/* What every bench program needs: fatal errors, a monotonic clock and medians. */
#ifndef PRIVPOL_BENCH_UTIL_H
#define PRIVPOL_BENCH_UTIL_H

#include <stddef.h>

/* The program name that begins bench_die's messages ("bench-scan") and the exit status
 * bench_die ends with; call it first in main. */
void bench_init(const char *prog, int die_status);

/* "PROG: " and the printf-style message on stderr, then exit with the status given to
 * bench_init. */
_Noreturn void bench_die(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* CLOCK_MONOTONIC in seconds and in nanoseconds; bench_die when it cannot be read. */
double bench_now_s(void);
double bench_now_ns(void);

/* Median of v[0 .. n), n > 0. Sorts v in place: v[0] is then the smallest value and
 * v[n - 1] the largest. */
double bench_median(double *v, size_t n);

#endif /* PRIVPOL_BENCH_UTIL_H */
