/* SPDX-License-Identifier: MIT */
/* The ident layer (src/ident/): the category registry, normalizers, recognizers, the
 * free-text scanner, field-name rules, generalization and the syntax of this library's
 * tokens. Above src/util/ only (src/LAYERS). */
#ifndef PRIVPOL_IDENT_H
#define PRIVPOL_IDENT_H

#include "util.h"

/* ---- normalizers (src/ident/normalize-ip.c, src/ident/phone.c, src/ident/email.c) ------------------
 *
 * Every normalizer reads an input already trimmed of surrounding ASCII white space,
 * never reads past s[n-1] (s need not be NUL-terminated), never allocates, and on
 * failure returns PRIVPOL_EVALUE with err->column set to the 1-based byte offset of the
 * first bad byte in s (or 0) and a message that never quotes the input. */

/* IP addresses. out receives 4 bytes (IPv4, also for IPv4-mapped IPv6 ::ffff:a.b.c.d)
 * or 16 bytes (IPv6, network order); *out_len = 4 or 16.
 * Rules: IPv4 dotted quad only, 4 decimal octets 0-255, no leading zeros ("010.0.0.1"
 * is an error: octal ambiguity); IPv6 every RFC 4291 text form (1-4 hex digits per
 * group, either case, "::" once, trailing embedded IPv4 dotted quad); zone ids ("%eth0"),
 * brackets, prefixes ("/24") and anything else are errors. */
#define PRIVPOL__IP_TEXT_MAX 46 /* INET6_ADDRSTRLEN, NUL included */
privpol_status privpol__ip_parse(const char *s, size_t n, uint8_t out[16], size_t *out_len,
                                 privpol_error *err);
/* Canonical text: dotted quad for 4 bytes; RFC 5952 for 16 bytes (lowercase, no leading
 * zeros, longest run of two or more zero groups compressed, the first on a tie; an
 * IPv4-mapped address is written ::ffff:a.b.c.d). Returns the length (NUL excluded);
 * out must hold PRIVPOL__IP_TEXT_MAX bytes. */
size_t privpol__ip_format(const uint8_t *ip, size_t ip_len, char *out);

/* Phone numbers to E.164. out receives "+" and at most 15 digits (NUL-terminated);
 * *out_len its length (NUL excluded). default_region: ISO 3166-1 alpha-2, uppercase
 * ("FR"), used for numbers written without an international prefix. */
#define PRIVPOL__E164_MAX 17 /* '+', at most 15 digits, NUL */
privpol_status privpol__phone_parse(const char *s, size_t n, const char *default_region,
                                    char out[PRIVPOL__E164_MAX], size_t *out_len,
                                    privpol_error *err);
/* True when region (two uppercase letters) is known to the phone table. */
bool privpol__phone_region_known(const char *region);

/* Email: local@domain; domain lowercased (ASCII), local part lowercased unless
 * keep_case. out must hold PRIVPOL__EMAIL_MAX bytes; NUL-terminated. */
#define PRIVPOL__EMAIL_MAX 255 /* 254 characters (RFC 5321 path limit) and NUL */
privpol_status privpol__email_parse(const char *s, size_t n, bool keep_case, char *out,
                                    size_t *out_len, privpol_error *err);

/* ---- recognize.c: validators of whole candidates ---------------------------------
 *
 * Each takes exactly the candidate's bytes (not NUL-terminated, never read past
 * s[n-1]), allocates nothing, and says whether they are a valid identifier of that
 * kind (checksums, ranges, plans), not only whether they have its shape. */

/* Card number: 12 to 19 digits, optionally in groups separated by single spaces or
 * dashes (one kind of separator), Luhn-valid, with a known issuer prefix. */
bool privpol__card_ok(const char *s, size_t n);
/* IBAN: country code, 2 check digits, BBAN of the country's length (ISO 13616 registry),
 * mod 97 == 1; optionally in groups of four separated by single spaces. */
bool privpol__iban_ok(const char *s, size_t n);
/* IMEI: 15 digits (optionally "AA-BBBBBB-CCCCCC-D" or with spaces), Luhn-valid. */
bool privpol__imei_ok(const char *s, size_t n);
/* UUID: 8-4-4-4-12 hex digits, either case, optionally in braces or as urn:uuid:. */
bool privpol__uuid_ok(const char *s, size_t n);
/* MAC (EUI-48): six hex pairs separated by ':' or '-' (the same throughout), or three
 * groups of four separated by '.'. */
bool privpol__mac_ok(const char *s, size_t n);
/* Geographic coordinates "lat, lon" / "lat,lon" / "lat lon" in decimal degrees
 * (-90..90, -180..180, at least 2 decimals each). *precise (may be NULL) is set when
 * both have at least 4 decimals (about 10 m). */
bool privpol__coords_ok(const char *s, size_t n, bool *precise);
/* URL with a scheme (http, https, ftp, ws, wss) and a host. On success *query and
 * *query_len (may be NULL) give the query string, without '?' and fragment. */
bool privpol__url_ok(const char *s, size_t n, const char **query, size_t *query_len);
/* A user-agent string (RFC 9110 product tokens; browsers, bots, libraries). */
bool privpol__user_agent_ok(const char *s, size_t n);

/* ---- category.c -------------------------------------------------------------- */

struct privpol__category {
    const char *id;
    const char *clause;
    privpol_normalizer normalizer;
    const char *fideslang;
    const char *dpv;
    privpol_identifiability identifiability;
};
extern const struct privpol__category privpol__categories[];
extern const size_t privpol__category_count;
/* Room for categories in per-category tables and the uint64_t category bit sets of the
 * API; the list may grow to it. */
#define PRIVPOL__CATEGORY_MAX 64
#define PRIVPOL__CAT_COUNT_(name, id, section, norm, level, fides, dpv) +1
enum { PRIVPOL__CATEGORY_COUNT = 0 PRIVPOL_CATEGORY_LIST(PRIVPOL__CAT_COUNT_) };
_Static_assert(PRIVPOL__CATEGORY_COUNT <= PRIVPOL__CATEGORY_MAX, "raise PRIVPOL__CATEGORY_MAX");
/* Index of a category id, or -1. */
int privpol__category_index(const char *id);
/* PRIVPOL_OK when category is one of the registry, else PRIVPOL_ENOTFOUND (err filled). */
privpol_status privpol__category_check(privpol_category category, privpol_error *err);

/* ---- fields.c ---------------------------------------------------------------------- */

/* Longest normalized field name that can have a rule; longer names have none. */
#define PRIVPOL__FIELD_NAME_MAX 48

/* One exact-name rule. The table is sorted by name (strcmp order). */
struct privpol__field_rule {
    const char *name;
    privpol_category category;
};
extern const struct privpol__field_rule privpol__field_rules[];
extern const size_t privpol__field_rule_count;

/* Hash index over the rules (see fields.c): slots hold rule positions + 1, 0 if empty. */
#define PRIVPOL__FIELD_INDEX_SIZE 512
extern const unsigned char privpol__field_index[PRIVPOL__FIELD_INDEX_SIZE];
/* FNV-1a of a normalized name; the index's hash. */
uint32_t privpol__field_hash(const char *name, size_t len);

/* Normalize a field name or JSON path: its last component (after the last '.' or '/',
 * trailing "[N]" indexes removed), camelCase split with '_' ("clientIp" is "client_ip"),
 * ASCII-lowercased, '-' and ' ' read as '_'. Writes at most PRIVPOL__FIELD_NAME_MAX bytes
 * and a NUL to out; returns the length, or 0 when the name is empty or too long. */
size_t privpol__field_normalize(const char *field, size_t len,
                                char out[PRIVPOL__FIELD_NAME_MAX + 1]);

/* Category a field name suggests (exact names, then a few prefixes and suffixes such as
 * "*_ip" and "email_*"), or -1 when no rule applies. Allocates nothing. */
int privpol__field_category(const char *field, size_t len);

/* ---- token.c: the syntax of pseudonyms and reversible tokens ---------------------- */

#define PRIVPOL__TOKEN_PREFIX_LEN 4U /* "pd1." / "pr1." */
#define PRIVPOL__TOKEN_ID_END (PRIVPOL__TOKEN_PREFIX_LEN + PRIVPOL_KEYRING_ID_LEN)
#define PRIVPOL__TOKEN_B64_16 22U     /* base64url of 16 bytes, unpadded */
#define PRIVPOL__TOKEN_SIV_BYTES 16U  /* a reversible token's SIV */
#define PRIVPOL__TOKEN_PT_HEADER 10U  /* category, period, epoch */
/* Length of the unpadded base64url text of n bytes. */
#define PRIVPOL__TOKEN_B64_LEN(n) ((n) / 3 * 4 + ((n) % 3 == 0 ? 0 : (n) % 3 + 1))
/* Value of a base64url character, or -1. */
int privpol__b64url_value(unsigned char c);

/* ---- the context's layout ----------------------------------------------------------
 *
 * Read from the ident layer up (the scanner and recognizers read the phone region, the
 * pseudonymizer the keyring and periods); built and freed by src/context/context.c, which
 * sits above src/policy/ because a context holds a policy. Only the layout lives here. */

struct privpol_ctx {
    privpol_allocator alloc;
    bool has_alloc;
    privpol_keyring *keyring; /* owned copy, may be NULL */
    privpol_role role;
    unsigned flags;
    char default_region[3];
    unsigned char periods[PRIVPOL__CATEGORY_MAX]; /* privpol_period per category index */
    const privpol_policy *policy; /* one reference (src/policy/policy-model.h), never NULL */
};

/* Allocation through the context's hooks (ctx NULL or without hooks: libc). */
static inline void *
privpol__alloc(const privpol_ctx *ctx, size_t n)
{
    return privpol__alloc_with(ctx != NULL && ctx->has_alloc ? &ctx->alloc : NULL, n);
}

static inline void
privpol__free(const privpol_ctx *ctx, void *p)
{
    privpol__free_with(ctx != NULL && ctx->has_alloc ? &ctx->alloc : NULL, p);
}

#endif /* PRIVPOL_IDENT_H */
