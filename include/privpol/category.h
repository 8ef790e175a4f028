/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_CATEGORY_H
#define PRIVPOL_CATEGORY_H

#include <privpol/common.h>

/** @file privpol/category.h
 *  @brief The registry of data categories: stable ids, how each is
 *         normalized before keying, and its default identifiability. */

PRIVPOL_BEGIN_DECLS

/** How values of a category are read before they are keyed. Values are ABI. */
typedef enum privpol_normalizer {
    PRIVPOL_NORM_NONE = 0,   /**< Not an identifier; bytes as given. */
    PRIVPOL_NORM_TEXT = 1,   /**< Surrounding ASCII white space trimmed. */
    PRIVPOL_NORM_OPAQUE = 2, /**< Bytes exactly as given. */
    PRIVPOL_NORM_IP = 3,     /**< IPv4 or IPv6 address, canonical binary form. */
    PRIVPOL_NORM_PHONE = 4,  /**< Phone number, E.164 (`+` and digits). */
    PRIVPOL_NORM_EMAIL = 5,  /**< Email address: domain (and by default local part) lowercased. */
    PRIVPOL_NORM_DIGITS = 6, /**< Digits only: spaces and dashes between digits removed. */
    PRIVPOL_NORM_SCAN = 7,   /**< Free text; as a whole value it is read like TEXT. */
    PRIVPOL_NORM_IBAN = 8    /**< IBAN: spaces removed, letters uppercased, checked (mod 97). */
} privpol_normalizer;

/** Identifiability levels, ordered: a higher value is more identifying. Values are ABI. */
typedef enum privpol_identifiability {
    PRIVPOL_NON_IDENTIFIABLE = 0, /**< Cannot identify a person, even combined (§7.8). */
    PRIVPOL_PSEUDONYMOUS = 1,     /**< Identifies only with additional information (§7.6). */
    PRIVPOL_PERSONAL = 2          /**< Personal data. */
} privpol_identifiability;

/**
 * Number of categories this library knows; ids are numbered 0 to count-1, in a fixed
 * order that only grows at the end.
 * @return The count.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_category_count(void);

/**
 * Id of the category with index @p index, such as "connection.ip_address".
 * @param[in] index 0 to privpol_category_count()-1.
 * @return Static text, or NULL when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_id(size_t index);

/**
 * Find a category by id.
 * @param[out] out_index Index of the category.
 * @param[in]  id        NUL-terminated id such as "contact.email".
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_category_find(size_t *out_index, const char *id);

/**
 * Normalizer of a category.
 * @param[in] index Category index.
 * @return The normalizer; #PRIVPOL_NORM_OPAQUE when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API privpol_normalizer privpol_category_normalizer(size_t index);

/**
 * Default identifiability of a category alone.
 * @param[in] index Category index.
 * @return The level; #PRIVPOL_PERSONAL when @p index is out of range (fail closed).
 * @since 0.1
 */
PRIVPOL_API privpol_identifiability privpol_category_identifiability(size_t index);

/**
 * Seed policy section a category comes from, such as "12.1, 12.2".
 * @param[in] index Category index.
 * @return Static text ("" when none), or NULL when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_clause(size_t index);

/**
 * fideslang data category key matching a category, such as "user.device.ip_address".
 * @param[in] index Category index.
 * @return Static text ("" for `unknown`), or NULL when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_fideslang(size_t index);

/**
 * W3C Data Privacy Vocabulary term of a category: the term of the DPV personal-data
 * extension (https://w3id.org/dpv/pd) closest to it, such as "dpv-pd:IPAddress" or
 * "dpv-pd:EmailAddress"; a broader term where DPV-PD has none as precise (for instance
 * "dpv-pd:DeviceBased" for device ids), "dpv:NonPersonalData" for statistics.
 * @param[in] index Category index.
 * @return Static text ("" for `unknown`), or NULL when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_dpv(size_t index);

/**
 * Name of a normalizer as the registry writes it ("ip", "phone", ...).
 * @param[in] normalizer The normalizer.
 * @return Static text; "opaque" for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_normalizer_name(privpol_normalizer normalizer);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_CATEGORY_H */
