/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_SEAL_H
#define PRIVPOL_SEAL_H

#include <privpol/common.h>
#include <privpol/context.h>

#include <stdbool.h>

/** @file privpol/seal.h
 *  @brief Sealed text: bytes kept under the keyring, never stored in clear, that the key
 *         holder can open again.
 *
 * privpol_seal() encrypts and authenticates any bytes (an input line that could not be
 * processed, a sensitive value an operator must keep) into a text token
 *
 *     ps1.<key id>.<base64url, no padding, of nonce(24) || ciphertext || tag(16)>
 *
 * with XChaCha20-Poly1305-IETF under a subkey of the master key in force (docs/seal.md).
 * The caller's additional data (@p ad) is authenticated with it: privpol_unseal() must
 * be given the same bytes, so a sealed text moved to another place (another line number
 * of a rejects file) does not open. The nonce is random: sealing the same bytes twice
 * gives two unrelated texts, and the length of the text tells the length of the bytes.
 *
 * Anyone holding a context with a keyring may seal; only a context built with
 * #PRIVPOL_CTX_ALLOW_REVEAL (the key holder, acting on purpose) may unseal.
 *
 * Output convention: `*out_len` gives the capacity of `out` on entry and the length
 * written (NUL excluded) on success; `out` is NUL-terminated. On #PRIVPOL_EBUFSIZE it
 * holds the capacity needed, NUL included, and nothing else is changed.
 *
 * **Reject records.** A line the record pipeline cannot process goes to a rejects file,
 * sealed: privpol_record_reject_write(), privpol_record_reject_parse() and
 * privpol_record_reject_open() (privpol/record.h) write, read and open its records; each
 * part is sealed for the additional data privpol_seal_reject_ad() writes,
 * `privpol-reject:<N>:<I>:<F>` (line, part, 1 on the final part), so a part cannot be
 * moved to another line, position or finality.
 */

PRIVPOL_BEGIN_DECLS

/** Capacity (NUL included) that holds any text privpol_seal_reject_ad() writes. */
#define PRIVPOL_REJECT_AD_SIZE 64U

/**
 * Exact length of the sealed text of @p len bytes, NUL excluded: 13 characters of
 * prefix and key id, then the base64url of `len + 40` bytes without padding.
 * @param[in] len Number of bytes to seal.
 * @return The length, or 0 when it would not fit in a `size_t`.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_seal_len(size_t len);

/**
 * Seal bytes under the master key in force at @p at.
 *
 * The key is selected by time as for pseudonyms (docs/keyring.md); its id is written in
 * the text, so privpol_unseal() finds it again after a rotation as long as the keyring
 * keeps it. The context is only read: any number of threads may seal with it at once.
 * @param[in]  ctx     Context holding a keyring; any role, no flag needed.
 * @param[in]  at      Time that selects the key, seconds since the epoch (UTC); 0 means
 *                     now. Within years 0001-9999.
 * @param[in]  ad      Additional data authenticated with the bytes but not stored in the
 *                     text, such as the output of privpol_seal_reject_ad(); NULL when
 *                     @p ad_len is 0.
 * @param[in]  ad_len  Length of @p ad.
 * @param[in]  data    Bytes to seal (any bytes, NUL included); NULL when @p len is 0.
 * @param[in]  len     Length of @p data.
 * @param[out] out     Receives the sealed text, NUL-terminated.
 * @param[in,out] out_len Capacity of @p out in, length of the text (privpol_seal_len())
 *                     out; on #PRIVPOL_EBUFSIZE the capacity needed, NUL included.
 * @param[out] err     Optional detail; never holds bytes of @p data.
 * @return #PRIVPOL_OK, #PRIVPOL_EINVAL (NULL argument, time out of range),
 *         #PRIVPOL_ENOKEY (no keyring, or no key in force at @p at), #PRIVPOL_ELIMIT
 *         (@p len too large to seal), #PRIVPOL_EBUFSIZE or #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_seal(const privpol_ctx *ctx, int64_t at, const void *ad, size_t ad_len,
             const void *data, size_t len, char *out, size_t *out_len, privpol_error *err);

/**
 * Open a sealed text: check that it is authentic for @p ad and recover its bytes.
 *
 * Only the key holder acting on purpose may: the context must have been built with
 * #PRIVPOL_CTX_ALLOW_REVEAL (whatever its role). No byte of the result reaches @p out
 * unless the text is authentic (on #PRIVPOL_EAUTH the start of @p out may have been
 * cleared). The context is only read; threads may share it.
 * @param[in]  ctx      Context with #PRIVPOL_CTX_ALLOW_REVEAL and the keyring that
 *                      sealed the text.
 * @param[in]  ad       The additional data given to privpol_seal(); NULL when
 *                      @p ad_len is 0.
 * @param[in]  ad_len   Length of @p ad.
 * @param[in]  text     The sealed text (`ps1.`...), not necessarily NUL-terminated.
 * @param[in]  text_len Its length.
 * @param[out] out      Receives the bytes, followed by a NUL (the bytes may hold NULs
 *                      of their own: use @p out_len).
 * @param[in,out] out_len Capacity of @p out in, number of bytes out (NUL excluded); on
 *                      #PRIVPOL_EBUFSIZE the capacity needed, NUL included.
 * @param[out] err      Optional detail; never holds bytes of the text or of the result.
 * @return #PRIVPOL_OK; #PRIVPOL_EDENIED (the context may not unseal); #PRIVPOL_EPARSE
 *         (not a sealed text: no `ps1.` prefix, no key id of 8 lowercase hex digits, or a
 *         character outside base64url); #PRIVPOL_ENOKEY (its key id is not in the
 *         keyring); #PRIVPOL_EAUTH (tampered with, truncated, sealed with another key or
 *         for other additional data); #PRIVPOL_EBUFSIZE; #PRIVPOL_EINVAL or
 *         #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_unseal(const privpol_ctx *ctx, const void *ad, size_t ad_len, const char *text,
               size_t text_len, void *out, size_t *out_len, privpol_error *err);

/**
 * Write the additional data of one part of a reject record,
 * `privpol-reject:<line>:<part>:<1 if final else 0>` in decimal ASCII, NUL-terminated.
 *
 * The writer of a rejects file (`privpol scrub`, `privpol seal`) and its reader
 * (`privpol unseal`) both build it here, so they cannot disagree.
 * @param[in] line 1-based input line number.
 * @param[in] part 1-based part number within the line.
 * @param[in] final Whether this is the last part of the line.
 * @param[out] out Receives the text; #PRIVPOL_REJECT_AD_SIZE bytes always suffice.
 * @param[in,out] out_len In: room at @p out, NUL included (privpol_seal_reject_ad_size() is always enough); out: length written, NUL excluded, or the size needed with #PRIVPOL_EBUFSIZE.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return The length written (NUL excluded), or 0 when @p out is NULL, @p out_size is
 *         too small, or @p line or @p part is 0 (then nothing is written).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_seal_reject_ad(uint64_t line, uint64_t part, bool final, char *out, size_t *out_len,
                       privpol_error *err);

/**
 * Capacity that holds any reject additional data (twin of #PRIVPOL_REJECT_AD_SIZE for
 * bindings).
 * @return 64.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_seal_reject_ad_size(void);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_SEAL_H */
