/* SPDX-License-Identifier: MIT */
/* The labelled comment corpus (tools/gen_events.py --labels), read by the scanner
 * benchmarks: one JSON object per line with "text", "spans" and "decoys"; each span or
 * decoy has "type", "bstart" and "bend" (UTF-8 byte offsets into text). */
#ifndef PRIVPOL_BENCH_CORPUS_H
#define PRIVPOL_BENCH_CORPUS_H

#include <stdbool.h>
#include <stddef.h>

#define CORPUS_MAX_TYPES 32

struct corpus_item {
    int type;          /* index into corpus.type_names */
    size_t start, end; /* byte offsets into the text */
};

struct corpus_text {
    size_t off, len;             /* the text is arena[off .. off + len) */
    size_t first_span, nspans;   /* into corpus.spans */
    size_t first_decoy, ndecoys; /* into corpus.decoys */
};

struct corpus {
    char *arena; /* every text followed by '\n': the texts "concatenated as lines" */
    size_t arena_len;
    struct corpus_text *texts;
    size_t count;
    struct corpus_item *spans, *decoys;
    size_t nspans, ndecoys;
    char type_names[CORPUS_MAX_TYPES][24];
    size_t ntypes;
    size_t skipped; /* malformed lines */
};

/* An argument that none of the program's options took: the corpus path, returned, unless
 * it begins with '-' (an unknown option): then usage and a newline go to stderr and the
 * program exits with status 2. */
const char *corpus_arg(const char *arg, const char *usage);
/* Read the corpus named on the command line (*path, from corpus_arg) or, when *path is
 * NULL, by $PRIVPOL_CORPUS, else the copy in tests/data (also for ""); *path is set to
 * the file read. False with a message on stderr when it cannot be read. */
bool corpus_open(struct corpus *c, const char **path);
/* Read a corpus file; false with a message on stderr when it cannot be read. */
bool corpus_load(struct corpus *c, const char *path);
void corpus_free(struct corpus *c);
/* Index of a type name in c->type_names, or -1. */
int corpus_type(const struct corpus *c, const char *name);

#endif /* PRIVPOL_BENCH_CORPUS_H */
