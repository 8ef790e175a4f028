/* SPDX-License-Identifier: MIT */
#include "bench-util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *prog_name = "bench";
static int die_exit_status = 2;

void
bench_init(const char *prog, int die_status)
{
    prog_name = prog;
    die_exit_status = die_status;
}

void
bench_die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog_name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(die_exit_status);
}

static struct timespec
monotonic(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        bench_die("clock_gettime(CLOCK_MONOTONIC) failed");
    return ts;
}

double
bench_now_s(void)
{
    struct timespec ts = monotonic();
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double
bench_now_ns(void)
{
    struct timespec ts = monotonic();
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double
bench_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
