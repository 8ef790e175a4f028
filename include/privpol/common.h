/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_COMMON_H
#define PRIVPOL_COMMON_H

#include <stddef.h>
#include <stdint.h>

/** @file privpol/common.h
 *  @brief Status codes, error detail, allocator hooks and export macros shared by
 *         every libprivpol module. */

/** @cond INTERNAL */
#if defined(_WIN32) || defined(__CYGWIN__)
#ifdef PRIVPOL_BUILDING
#define PRIVPOL_API __declspec(dllexport)
#else
#define PRIVPOL_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#define PRIVPOL_API __attribute__((visibility("default")))
#else
#define PRIVPOL_API
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define PRIVPOL_NODISCARD __attribute__((warn_unused_result))
#else
#define PRIVPOL_NODISCARD
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define PRIVPOL_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define PRIVPOL_DEPRECATED(msg)
#endif

#ifdef __cplusplus
#define PRIVPOL_BEGIN_DECLS extern "C" {
#define PRIVPOL_END_DECLS }
#else
#define PRIVPOL_BEGIN_DECLS
#define PRIVPOL_END_DECLS
#endif
/** @endcond */

PRIVPOL_BEGIN_DECLS

/**
 * Result of every fallible call.
 *
 * Values are ABI: they are never renumbered and never reused. New codes are only
 * appended (more negative). A decision (allow or deny) is not an error.
 */
typedef enum privpol_status {
    PRIVPOL_OK = 0,         /**< Success. */
    PRIVPOL_EINVAL = -1,    /**< Bad argument or misuse of the API. */
    PRIVPOL_ENOMEM = -2,    /**< An allocation failed. */
    PRIVPOL_EBUFSIZE = -3,  /**< Output buffer too small; `*out_len` holds the size needed. */
    PRIVPOL_EPARSE = -4,    /**< Malformed text (key file, policy, time); see privpol_error. */
    PRIVPOL_ENOTFOUND = -5, /**< Unknown category, region, key id or other name. */
    PRIVPOL_ECRYPTO = -6,   /**< libsodium could not be initialized or failed. */
    PRIVPOL_EVERSION = -7,  /**< Options struct version not supported by this library. */
    PRIVPOL_EIO = -8,       /**< A file could not be opened, read or written. */
    PRIVPOL_EPERM = -9,     /**< A key file is readable or writable by group or other. */
    PRIVPOL_EDENIED = -10,  /**< The context does not allow this operation (e.g. reveal). */
    PRIVPOL_EAUTH = -11,    /**< A token is tampered with, truncated, or not made with this
                                 key for this tenant. */
    PRIVPOL_EVALUE = -12,   /**< An input value is not a valid identifier of its category
                                 (not an IP address, not a phone number, ...). */
    PRIVPOL_ENOKEY = -13,   /**< No key of the keyring is in force at the given time, or
                                 the key a token names is not in the keyring. */
    PRIVPOL_EEXIST = -14,   /**< A file that must be created already exists. */
    PRIVPOL_ETERMS = -15,   /**< Retention needs terms the caller and the policy lack: the
                                 contract's period, the end of the relationship. */
    PRIVPOL_ELIMIT = -16    /**< An input exceeds a limit of the library: nesting depth,
                                 number of fields, size of a record. */
} privpol_status;

/**
 * Static English text describing a status code.
 * @param[in] status A #privpol_status value (any int is accepted).
 * @return Text that is never NULL and never freed; "unknown status" for values this
 *         library does not know.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_strerror(int status);

/** Size of privpol_error::message, terminating NUL included. */
#define PRIVPOL_ERROR_MESSAGE_SIZE 256U

/**
 * Optional, caller-owned error detail.
 *
 * Functions that take a `privpol_error *err` fill it on failure when it is not NULL:
 * the status, the 1-based line and column of the first problem in parsed input (0 when
 * not applicable) and a message. The message never contains bytes of the input value
 * and never key material; it may contain a file name given by the caller.
 * A privpol_error belongs to one thread at a time.
 */
typedef struct privpol_error {
    privpol_status status;                      /**< Same as the returned status. */
    size_t line;                                /**< 1-based line of the error, or 0. */
    size_t column;                              /**< 1-based byte column, or 0. */
    char message[PRIVPOL_ERROR_MESSAGE_SIZE];   /**< NUL-terminated English text. */
} privpol_error;

/**
 * Reset an error detail to "no error" (status #PRIVPOL_OK, empty message).
 * @param[out] err Error detail to clear; NULL is accepted and ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_error_clear(privpol_error *err);

/**
 * Allocator hooks for ordinary (non-secret) memory.
 *
 * Every allocation libprivpol makes for a context, keyring or object goes through these
 * hooks when given. Key bytes never do: they live in libsodium guarded memory.
 * The functions may be called from several threads at once.
 */
typedef struct privpol_allocator {
    /** Allocate @p size bytes; return NULL on failure. */
    void *(*alloc_fn)(size_t size, void *opaque);
    /** Resize @p ptr (which may be NULL) to @p size bytes; NULL on failure. */
    void *(*realloc_fn)(void *ptr, size_t size, void *opaque);
    /** Release @p ptr (never NULL). */
    void (*free_fn)(void *ptr, void *opaque);
    /** Passed unchanged to the three functions. */
    void *opaque;
} privpol_allocator;

/**
 * Make sure libsodium is initialized.
 *
 * Called by every constructor; callers need it only before using libsodium themselves.
 * Idempotent and thread-safe.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_ECRYPTO.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_init(privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_COMMON_H */
