/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_KEYRING_H
#define PRIVPOL_KEYRING_H

#include <privpol/common.h>

/** @file privpol/keyring.h
 *  @brief Master keys with ids and validity times, key files, rotation.
 *
 * A keyring holds one or more 256-bit master keys. Each key has an id (8 lowercase hex
 * digits, named in every token made with it) and the instant from which it is used.
 * The key in force at an instant is the one with the latest start not after it; older
 * keys stay for subject lookups and reveals. Key bytes live only in libsodium guarded
 * memory, read-only once loaded, and are wiped when the keyring is freed.
 *
 * The key file format (docs/keyring.md):
 * @verbatim
   # comments and blank lines are ignored
   privpol-keyring 1
   key 3f9a0c12 1970-01-01T00:00:00Z <64 hex digits>
   key 7b1e44d0 2026-03-01T00:00:00Z <64 hex digits>
   @endverbatim
 * Key start times must increase strictly down the file.
 */

PRIVPOL_BEGIN_DECLS

/** Size of a master key in bytes. */
#define PRIVPOL_KEYRING_KEYBYTES 32U
/** Length of a key id in characters (lowercase hex digits), NUL not included. */
#define PRIVPOL_KEYRING_ID_LEN 8U
/** Most keys a keyring may hold. */
#define PRIVPOL_KEYRING_MAX_KEYS 256U

/** A set of master keys. Opaque; built by the functions below; one thread at a time. */
typedef struct privpol_keyring privpol_keyring;

/**
 * Size of a master key in bytes (twin of #PRIVPOL_KEYRING_KEYBYTES for bindings).
 * @return 32.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_keyring_keybytes(void);

/**
 * Create a keyring holding one new random key.
 * @param[in] valid_from Seconds since the epoch from which the key is used; 0 for
 *                        "from the beginning"; within years 0001-9999 UTC.
 * @param[in] allocator Optional allocator hooks for non-secret memory (NULL: libc).
 * @param[out] out The keyring, owned by the caller (privpol_keyring_free()).
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_EINVAL (NULL @p out or a start out of range),
 *         #PRIVPOL_ENOMEM or #PRIVPOL_ECRYPTO.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_keyring_generate(int64_t valid_from, const privpol_allocator *allocator,
                         privpol_keyring **out, privpol_error *err);

/**
 * Parse key-file text.
 * @param[in] text Key-file text (need not be NUL-terminated).
 * @param[in] len Its length.
 * @param[in] allocator Optional allocator hooks (NULL: libc).
 * @param[out] out The keyring, owned by the caller.
 * @param[out] err Optional detail: the line of the first problem. The message
 *                       never contains key material.
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE (malformed line, wrong key size, duplicate id,
 *         start times not increasing, no key), #PRIVPOL_ENOMEM or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_keyring_parse(const char *text, size_t len, const privpol_allocator *allocator,
                      privpol_keyring **out, privpol_error *err);

/**
 * Load a key file.
 *
 * The file must be a regular file neither readable nor writable by group or other;
 * otherwise #PRIVPOL_EPERM, with a message naming the file and its mode.
 * @param[in] path File name.
 * @param[in] allocator Optional allocator hooks (NULL: libc).
 * @param[out] out The keyring, owned by the caller.
 * @param[out] err Optional detail (file name, line).
 * @return #PRIVPOL_OK, #PRIVPOL_EIO (cannot open or read), #PRIVPOL_EPERM,
 *         #PRIVPOL_EPARSE, #PRIVPOL_ENOMEM or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_keyring_load(const char *path, const privpol_allocator *allocator,
                     privpol_keyring **out, privpol_error *err);

/** Flag of privpol_keyring_save(): replace an existing file (atomically, by rename). */
#define PRIVPOL_KEYRING_SAVE_REPLACE 1U

/**
 * Write a keyring to a key file with mode 0600.
 *
 * Without #PRIVPOL_KEYRING_SAVE_REPLACE an existing file is never overwritten
 * (#PRIVPOL_EEXIST). With it the new text is written to a temporary file beside
 * @p path and renamed over it, so a reader sees the old or the new file, whole.
 * @param[in]  keyring The keyring.
 * @param[in]  path    File name.
 * @param[in]  flags   0 or #PRIVPOL_KEYRING_SAVE_REPLACE.
 * @param[out] err     Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EEXIST, #PRIVPOL_EIO, #PRIVPOL_ENOMEM or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_keyring_save(const privpol_keyring *keyring, const char *path, unsigned flags,
                     privpol_error *err);

/**
 * Append a new random key, used from @p valid_from on (rotation).
 * @param[in,out] keyring    The keyring.
 * @param[in]     valid_from Start of the new key; must be later than the start of
 *                           every key already in the keyring.
 * @param[out]    err        Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EINVAL (start not later, out of years 0001-9999, or
 *         keyring full),
 *         #PRIVPOL_ENOMEM or #PRIVPOL_ECRYPTO.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_keyring_rotate(privpol_keyring *keyring, int64_t valid_from, privpol_error *err);

/**
 * Number of keys in a keyring.
 * @param[in] keyring The keyring (NULL gives 0).
 * @return The count.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_keyring_count(const privpol_keyring *keyring);

/**
 * Id of the key at @p index (keys are ordered by start time).
 * @param[in] keyring The keyring.
 * @param[in] index   0 to count-1.
 * @return NUL-terminated id borrowed from the keyring, or NULL when out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_keyring_key_id(const privpol_keyring *keyring, size_t index);

/**
 * Start time of the key at @p index.
 * @param[in] keyring The keyring.
 * @param[in] index   0 to count-1.
 * @return Seconds since the epoch, or INT64_MIN when out of range.
 * @since 0.1
 */
PRIVPOL_API int64_t privpol_keyring_key_from(const privpol_keyring *keyring, size_t index);

/**
 * Free a keyring and wipe its key bytes. NULL is accepted.
 * @param[in] keyring The keyring.
 * @since 0.1
 */
PRIVPOL_API void privpol_keyring_free(privpol_keyring *keyring);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_KEYRING_H */
