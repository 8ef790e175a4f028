/* SPDX-License-Identifier: MIT */
/* Generalization transforms of the record pipeline (PRIVPOL_ACTION_GENERALIZE): a coarser
 * value instead of the value itself. Shared inside src/ only; tests and benchmarks reach
 * them through privpol_internal_dep. Nothing here is exported. The rules are in
 * src/ident/generalize.c.
 *
 * Output convention of the three writers: out receives NUL-terminated text of at most
 * out_size bytes; on success *out_len is its length (NUL excluded). When out_size is too
 * small they return PRIVPOL_EBUFSIZE, write "" when out_size > 0, and set *out_len to the
 * size needed (NUL included). out_len may be NULL. Nothing allocates; the input need not
 * be NUL-terminated and is never read past its length. */
#ifndef PRIVPOL_GENERALIZE_H
#define PRIVPOL_GENERALIZE_H

#include "ident.h" /* privpol_status etc. */

#include <privpol/policy.h> /* privpol_time_unit */

/* Size of a buffer that holds any output of privpol__generalize_ip(), NUL included:
 * 39 characters of IPv6 text, '/', 3 digits. */
#define PRIVPOL__GENERALIZED_IP_MAX 64

/* IP address (any form privpol__ip_parse() accepts, after trimming ASCII white space) to
 * "<masked address>/<prefix>": the address with every bit past the prefix cleared,
 * written as privpol__ip_format() does (dotted quad; RFC 5952 for IPv6).
 * 80.31.203.13 /24 -> "80.31.203.0/24"; 2a01:cb00:128b:2f33::1 /48 ->
 * "2a01:cb00:128b::/48". An IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as IPv4 and
 * is cut with prefix4. Returns PRIVPOL_EINVAL for prefix4 > 32, prefix6 > 128, out NULL
 * or value NULL with len > 0; PRIVPOL_EVALUE when value is not an IP address;
 * PRIVPOL_EBUFSIZE. */
privpol_status privpol__generalize_ip(const char *value, size_t len, unsigned prefix4,
                                      unsigned prefix6, char *out, size_t out_size,
                                      size_t *out_len);

/* Event time of a value, seconds since the epoch (UTC).
 * is_number false: ISO 8601 text as privpol_time_parse() reads it (after trimming ASCII
 *   white space); any instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
 * is_number true: the text of a JSON number (RFC 8259 §6 grammar: no '+', no leading
 *   zeros, optional fraction and exponent). Its integer part N (fraction truncated) is
 *   seconds when N < 1e11, milliseconds when N < 1e14, microseconds when N < 1e17 (the
 *   result truncated to whole seconds). Thus 1e11 seconds (year 5138) and later cannot be
 *   written in seconds; 1e11 ms is 1973-03-03.
 * Returns PRIVPOL_EVALUE for text that is not such a time, a negative number (any
 * leading '-'), N >= 1e17 or an ISO instant outside years 0001-9999 (after its offset);
 * PRIVPOL_EINVAL for out NULL or value NULL with len > 0. *out is 0 on failure. */
privpol_status privpol__event_time(const char *value, size_t len, bool is_number,
                                   int64_t *out);

/* Size of a buffer that holds any output of privpol__generalize_time(), NUL included. */
#define PRIVPOL__GENERALIZED_TIME_MAX 21

/* t cut down to the start of its hour or UTC day, written as ISO 8601 UTC text:
 * "YYYY-MM-DDThh:00:00Z" (PRIVPOL_TIME_UNIT_HOUR) or "YYYY-MM-DDT00:00:00Z"
 * (PRIVPOL_TIME_UNIT_DAY); always 20 characters. Returns PRIVPOL_EINVAL for another unit
 * or out NULL; PRIVPOL_EVALUE for t outside years 0001-9999; PRIVPOL_EBUFSIZE. */
privpol_status privpol__generalize_time(int64_t t, privpol_time_unit unit, char *out,
                                        size_t out_size, size_t *out_len);

/* Size of a buffer that holds any output of privpol__generalize_user_agent(), NUL
 * included. */
#define PRIVPOL__GENERALIZED_UA_MAX 48

/* User agent to "<browser family> on <OS family>", no versions. Browser families: Chrome,
 * Chromium, Firefox, Safari, Edge, Opera, Samsung Internet, Internet Explorer, bot,
 * other; OS families: Windows, macOS, iOS, iPadOS, Android, Linux, ChromeOS, other (the
 * rules are in src/ident/generalize.c). The output is always one of these fixed strings, never
 * bytes of the input; an empty user agent gives "other on other". One pass over the
 * input. Returns PRIVPOL_EINVAL for out NULL or ua NULL with len > 0;
 * PRIVPOL_EBUFSIZE. */
privpol_status privpol__generalize_user_agent(const char *ua, size_t len, char *out,
                                              size_t out_size, size_t *out_len);

#endif /* PRIVPOL_GENERALIZE_H */
