/* SPDX-License-Identifier: MIT */
/* The rejects-file format, in one place (rejects.c): privpol scrub and privpol seal write
 * reject records, privpol unseal reads them. Each record is one line of JSON holding one
 * part of a rejected input line, sealed (never in clear). */
#ifndef PRIVPOL_TOOLS_REJECTS_H
#define PRIVPOL_TOOLS_REJECTS_H

#include "cli.h"

#include <stdint.h>

/* A record as read: "sealed" points into the text parsed. */
struct rejects_record {
    uint64_t line, part; /* from 1 */
    bool final;          /* the last part of its line */
    const char *sealed;  /* the sealed text, not NUL-terminated */
    size_t sealed_len;
};

/* Seal part PART of input line LINE (final: the last part) under the key in force at
 * AT (0: now); out and out_len as for privpol_seal(). */
privpol_status rejects_seal(const privpol_ctx *ctx, int64_t at, uint64_t line,
                            uint64_t part, bool final, const void *data, size_t len,
                            char *out, size_t *out_len, privpol_error *err);

/* Open the sealed part of a record; out and out_len as for privpol_unseal(). */
privpol_status rejects_open(const privpol_ctx *ctx, const struct rejects_record *r,
                            void *out, size_t *out_len, privpol_error *err);

/* Write one record, its line feed included, through put; column 0: none. False when
 * put fails. */
bool rejects_write_record(cli_put_fn *put, void *arg, uint64_t line, uint64_t part,
                          bool final, const char *reason, size_t column,
                          const char *sealed, size_t sealed_len);

/* Parse one record (a line, its line feed optional); NULL, or the reason it is
 * malformed (a fixed text, never content). */
const char *rejects_parse_record(const char *s, size_t n, struct rejects_record *r);

/* 1 .. UINT64_MAX in decimal, without sign, leading zeros or anything else. */
bool rejects_parse_u64(const char *s, size_t n, uint64_t *out);

#endif /* PRIVPOL_TOOLS_REJECTS_H */
