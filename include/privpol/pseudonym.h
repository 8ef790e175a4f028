/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_PSEUDONYM_H
#define PRIVPOL_PSEUDONYM_H

#include <privpol/common.h>
#include <privpol/context.h>

/** @file privpol/pseudonym.h
 *  @brief Identifier normalization, keyed pseudonyms, reversible tokens and subject
 *         lookup (§7.6, §7.7, §11).
 *
 * A value is first normalized by its category's normalizer, so one identifier written in
 * any notation gives one pseudonym. Two kinds of token exist (docs/pseudonyms.md):
 *
 * - **Pseudonym** (`pd1.<key id>.<22 chars>`, always #PRIVPOL_PSEUDONYM_LEN characters):
 *   a keyed PRF of the normalized value under a subkey derived from the master key in
 *   force at the event time, the tenant, the category and the epoch that contains the
 *   event time. Another tenant, category or epoch gives an unrelated token.
 * - **Reversible token** (`pr1.<key id>.<base64url>`): deterministic authenticated
 *   encryption (synthetic IV) of the category, epoch and normalized value, bound to the
 *   tenant; the key holder recovers the normalized value with privpol_reveal().
 *
 * Both use only the characters `A-Z a-z 0-9 - _ .`, safe in URLs, JSON and CSV.
 * A value that already is a token of this context (a pseudonym naming a key of its
 * keyring, or a reversible token authentic for the tenant) is returned unchanged; any
 * other token-shaped text is keyed like an ordinary value.
 *
 * Output convention: `out` receives NUL-terminated text; `*out_len` gives its capacity on
 * entry and the text length (NUL excluded) on success. On #PRIVPOL_EBUFSIZE it holds the
 * capacity needed, NUL included.
 */

PRIVPOL_BEGIN_DECLS

/** Length of a pseudonym (deterministic token), NUL excluded. */
#define PRIVPOL_PSEUDONYM_LEN 35U
/** Capacity that holds any normalized value written as text (NUL included) for the ip,
 *  phone, email and digits normalizers; text, opaque and scan values keep their length. */
#define PRIVPOL_NORMALIZED_MAX 320U

/** Flag of privpol_pseudonymize(): make a reversible token instead of a pseudonym. */
#define PRIVPOL_PSEUDONYM_REVERSIBLE 1U

/**
 * Length of a pseudonym (twin of #PRIVPOL_PSEUDONYM_LEN for bindings).
 * @return 35.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_pseudonym_len(void);

/**
 * Capacity needed for a reversible token of a normalized value of @p normalized_len
 * bytes, NUL included.
 * @param[in] normalized_len Length of the normalized value.
 * @return The capacity, or 0 when the value is too long for a token (over 1 MiB).
 * @since 0.1
 */
PRIVPOL_API size_t privpol_pseudonym_reversible_size(size_t normalized_len);

/**
 * Normalize a value as its category reads it, and write the canonical text
 * (what privpol_reveal() returns): IPv4 dotted quad, IPv6 per RFC 5952, phone in E.164,
 * email lowercased, text trimmed, opaque bytes unchanged.
 * @param[in] ctx Context (default region, email case option).
 * @param[in] category The category.
 * @param[in] value The value; need not be NUL-terminated.
 * @param[in] value_len Its length.
 * @param[out] out Buffer for the text; NUL-terminated.
 * @param[in,out] out_len Capacity in, length out (see the file's output convention).
 * @param[out] err Optional detail: what is wrong with the value (never the
 *                          value itself) and the column.
 * @return #PRIVPOL_OK, #PRIVPOL_EVALUE, #PRIVPOL_ENOTFOUND (category), #PRIVPOL_EBUFSIZE
 *         or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_normalize(const privpol_ctx *ctx, privpol_category category, const char *value,
                  size_t value_len, char *out, size_t *out_len, privpol_error *err);

/**
 * Pseudonymize one value (one-shot form).
 *
 * Derives the subkey on every call; on a hot path use a privpol_pseudonymizer, which
 * caches it. Thread-safe: many threads may call this with one context.
 * @param[in] ctx Context holding a keyring.
 * @param[in] tenant Tenant (customer) id, NUL-terminated, 1 to 255 bytes.
 * @param[in] category The category.
 * @param[in] value The value.
 * @param[in] value_len Its length.
 * @param[in] at Event time, seconds since the epoch (selects key and epoch).
 * @param[in] flags 0 or #PRIVPOL_PSEUDONYM_REVERSIBLE.
 * @param[out] out Buffer for the token; NUL-terminated.
 * @param[in,out] out_len Capacity in, length out.
 * @param[out] err Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EVALUE, #PRIVPOL_ENOKEY (no keyring, or no key in force
 *         at @p at), #PRIVPOL_ENOTFOUND, #PRIVPOL_EBUFSIZE, #PRIVPOL_ENOMEM or
 *         #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_pseudonymize(const privpol_ctx *ctx, const char *tenant, privpol_category category,
                     const char *value, size_t value_len, int64_t at, unsigned flags, char *out,
                     size_t *out_len, privpol_error *err);

/** A pseudonymizer bound to one (tenant, category); caches subkeys. Opaque. */
typedef struct privpol_pseudonymizer privpol_pseudonymizer;

/**
 * Create a pseudonymizer for the hot path.
 *
 * It caches the subkeys of the last epochs it saw in guarded memory. It belongs to one
 * thread at a time (create one per thread); the context must outlive it.
 * @param[in] ctx Context holding a keyring.
 * @param[in] tenant Tenant id (copied).
 * @param[in] category The category.
 * @param[out] out The pseudonymizer, owned by the caller.
 * @param[out] err Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND, #PRIVPOL_ENOKEY, #PRIVPOL_ENOMEM or
 *         #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_pseudonymizer_new(const privpol_ctx *ctx, const char *tenant, privpol_category category,
                          privpol_pseudonymizer **out, privpol_error *err);

/**
 * Pseudonymize one value with a pseudonymizer; same result as privpol_pseudonymize()
 * with the same context, tenant and category.
 * @param[in,out] p         The pseudonymizer (its cache is updated).
 * @param[in]     value     The value.
 * @param[in]     value_len Its length.
 * @param[in]     at        Event time, seconds since the epoch.
 * @param[in]     flags     0 or #PRIVPOL_PSEUDONYM_REVERSIBLE.
 * @param[out]    out       Buffer for the token; NUL-terminated.
 * @param[in,out] out_len   Capacity in, length out.
 * @param[out]    err       Optional detail.
 * @return As privpol_pseudonymize().
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_pseudonymizer_run(privpol_pseudonymizer *p, const char *value, size_t value_len,
                          int64_t at, unsigned flags, char *out, size_t *out_len,
                          privpol_error *err);

/**
 * Pseudonymize a batch of values in one call (for bindings such as Python's, whose
 * per-call cost would otherwise dominate): the tokens privpol_pseudonymizer_run() gives
 * for each value in turn, written one per line.
 *
 * The values lie back to back in @p values: value `i` is the `value_lens[i]` bytes that
 * follow value `i - 1` (any bytes; no separator, no NUL needed). Each value processed
 * adds one line to @p out: its token then a line feed (tokens never contain one). The
 * values are processed in order until the end or until the next line does not fit in
 * @p out; a caller with more values than room calls again with the values from
 * `*out_done` on, so any batch goes through a fixed-size buffer.
 *
 * A value that cannot be pseudonymized (#PRIVPOL_EVALUE and the like):
 * - with @p statuses, gets an empty line (just the line feed) and its status in
 *   `statuses[i]` (#PRIVPOL_OK for the others), and the batch goes on;
 * - without, stops the batch: its status is returned, `*out_done` is its index and
 *   @p out holds the lines of the values before it.
 *
 * Calling this once equals calling privpol_pseudonymizer_run() @p count times: same
 * tokens, same cache, same thread rule (the pseudonymizer belongs to one thread).
 * @param[in,out] p The pseudonymizer.
 * @param[in] values The values, back to back; NULL only when they are all empty.
 * @param[in] value_lens Length of each value; @p count entries.
 * @param[in] count Number of values (0 is accepted: nothing to do).
 * @param[in] at Event time of every value, seconds since the epoch.
 * @param[in] flags 0 or #PRIVPOL_PSEUDONYM_REVERSIBLE.
 * @param[out] out Buffer for the lines (not NUL-terminated).
 * @param[in,out] out_len Capacity of @p out in; bytes written out (the lines of the
 *                           `*out_done` values processed). #PRIVPOL_PSEUDONYM_LEN + 1
 *                           bytes per value always suffice without
 *                           #PRIVPOL_PSEUDONYM_REVERSIBLE, except for reversible tokens
 *                           given as values, which pass through unchanged.
 * @param[out] statuses Optional: @p count statuses, one per value processed.
 * @param[out] out_done Number of values processed (their lines are in @p out).
 * @param[out] err Optional detail of the first value that failed; its line
 *                           is that value's 1-based position in this call's batch.
 * @return #PRIVPOL_OK when all @p count values were processed (with @p statuses, also
 *         when some failed); #PRIVPOL_EBUFSIZE when the next line did not fit: call
 *         again for the rest, with a larger @p out when `*out_done` is 0; without
 *         @p statuses, the status of the first value that failed; #PRIVPOL_EINVAL
 *         (a NULL argument, an unknown flag).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_pseudonymizer_run_many(privpol_pseudonymizer *p, const char *values,
                               const size_t *value_lens, size_t count, int64_t at,
                               unsigned flags, char *out, size_t *out_len,
                               privpol_status *statuses, size_t *out_done, privpol_error *err);

/**
 * Free a pseudonymizer and wipe its cached subkeys. NULL is accepted.
 * @param[in] p The pseudonymizer.
 * @since 0.1
 */
PRIVPOL_API void privpol_pseudonymizer_free(privpol_pseudonymizer *p);

/** Kind of a token, as told by privpol_pseudonym_token_kind(). Values are ABI. */
typedef enum privpol_token_kind {
    PRIVPOL_TOKEN_NONE = 0,       /**< Not a token. */
    PRIVPOL_TOKEN_PSEUDONYM = 1,  /**< A pseudonym (prefix "pd1."). */
    PRIVPOL_TOKEN_REVERSIBLE = 2  /**< A reversible token (prefix "pr1."). */
} privpol_token_kind;

/**
 * Tell whether text has the syntax of a token (no key is checked).
 * @param[in] text Text.
 * @param[in] len Its length.
 * @return The kind, #PRIVPOL_TOKEN_NONE when it is not a token.
 * @since 0.1
 */
PRIVPOL_API privpol_token_kind privpol_pseudonym_token_kind(const char *text, size_t len);

/**
 * Recover the normalized value of a reversible token (the key holder's operation).
 *
 * Allowed only when the context has #PRIVPOL_CTX_ALLOW_REVEAL and is not a processor.
 * @param[in] ctx Context holding the keyring that made the token.
 * @param[in] tenant Tenant the token was made for.
 * @param[in] token The token.
 * @param[in] token_len Its length.
 * @param[out] out_category Optional: index of the token's category.
 * @param[out] out Buffer for the normalized value as text (privpol_normalize()
 *                             form); NUL-terminated (opaque values may contain NUL bytes:
 *                             rely on `*out_len`).
 * @param[in,out] out_len Capacity in, length out.
 * @param[out] err Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EDENIED, #PRIVPOL_EAUTH (tampered, truncated, another
 *         tenant or key), #PRIVPOL_ENOKEY (key id not in the keyring), #PRIVPOL_EVALUE
 *         (not a reversible token), #PRIVPOL_EBUFSIZE, #PRIVPOL_ENOMEM or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_reveal(const privpol_ctx *ctx, const char *tenant, const char *token, size_t token_len,
               privpol_category *out_category, char *out, size_t *out_len, privpol_error *err);

/** Current version of #privpol_pseudonym_token. */
#define PRIVPOL_PSEUDONYM_TOKEN_VERSION 1U

/** One token a subject's identifier may have had (see privpol_pseudonym_subject_tokens()).
 *  Written by the library; fields are only added at the end, with a new version. */
typedef struct privpol_pseudonym_token {
    unsigned version;           /**< #PRIVPOL_PSEUDONYM_TOKEN_VERSION of the library. */
    privpol_category category;  /**< The category. */
    const char *key_id;         /**< Id of the master key. */
    int64_t epoch_start;        /**< First second of the epoch (clipped to the key's validity). */
    int64_t epoch_end;          /**< First second after the epoch (clipped likewise). */
    const char *token;          /**< The pseudonym, NUL-terminated. */
} privpol_pseudonym_token;

/**
 * Callback of privpol_pseudonym_subject_tokens(); the token and its strings are valid only during
 * the call. Return 0 to go on, anything else to stop the enumeration.
 */
typedef int (*privpol_pseudonym_token_fn)(const privpol_pseudonym_token *token, void *payload);

/**
 * Every pseudonym an identifier may have had during [@p start, @p end) (§11): one per
 * epoch and key overlapping the range, in time order.
 * @param[in] ctx Context holding the keyring.
 * @param[in] tenant Tenant id.
 * @param[in] category The category.
 * @param[in] value The identifier (any notation its normalizer reads).
 * @param[in] value_len Its length.
 * @param[in] start Start of the range (inclusive), seconds since the epoch.
 * @param[in] end End of the range (exclusive); must be after @p start.
 * @param[in] fn Called once per token.
 * @param[in] payload Passed to @p fn.
 * @param[out] err Optional detail.
 * @return #PRIVPOL_OK (also when @p fn stopped early), #PRIVPOL_EVALUE,
 *         #PRIVPOL_ENOKEY (no key overlaps the range), #PRIVPOL_ENOTFOUND,
 *         #PRIVPOL_EINVAL (range empty or more than 100000 tokens) or #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_pseudonym_subject_tokens(const privpol_ctx *ctx, const char *tenant,
                                 privpol_category category, const char *value,
                                 size_t value_len, int64_t start, int64_t end,
                                 privpol_pseudonym_token_fn fn, void *payload,
                                 privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_PSEUDONYM_H */
