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
 * The category registry, one line per category: the single source of every category's
 * constant, id, seed-policy section, normalizer, default identifiability, fideslang key
 * and W3C Data Privacy Vocabulary term (https://w3id.org/dpv/pd; a broader term where
 * DPV-PD has none as precise, "dpv:NonPersonalData" for statistics).
 *
 * `X(NAME, id, section, normalizer, identifiability, fideslang, dpv)`. The order is ABI:
 * the index of a category is written into reversible tokens, so categories are only
 * ever appended (before nothing: `unknown` keeps its index 21).
 */
#define PRIVPOL_CATEGORY_LIST(X)                                                           \
    X(IDENTITY_NAME, "identity.name", "12.1", PRIVPOL_NORM_TEXT, PRIVPOL_PERSONAL,         \
      "user.name", "dpv-pd:Name")                                                          \
    X(CONTACT_EMAIL, "contact.email", "12.1, 7.3", PRIVPOL_NORM_EMAIL, PRIVPOL_PERSONAL,   \
      "user.contact.email", "dpv-pd:EmailAddress")                                         \
    X(CONTACT_PHONE, "contact.phone", "12.1", PRIVPOL_NORM_PHONE, PRIVPOL_PERSONAL,        \
      "user.contact.phone_number", "dpv-pd:TelephoneNumber")                               \
    X(CONTACT_POSITION, "contact.position", "12.1", PRIVPOL_NORM_TEXT, PRIVPOL_PERSONAL,   \
      "user.job_title", "dpv-pd:Job")                                                      \
    X(ACCOUNT_CREDENTIALS, "account.credentials", "7.7", PRIVPOL_NORM_OPAQUE,              \
      PRIVPOL_PERSONAL, "user.authorization.credentials", "dpv-pd:Authenticating")         \
    X(CONNECTION_IP_ADDRESS, "connection.ip_address", "12.1, 12.2", PRIVPOL_NORM_IP,       \
      PRIVPOL_PERSONAL, "user.device.ip_address", "dpv-pd:IPAddress")                      \
    X(CONNECTION_TIMESTAMP, "connection.timestamp", "12.1, 12.2", PRIVPOL_NORM_NONE,       \
      PRIVPOL_NON_IDENTIFIABLE, "user.behavior", "dpv-pd:Behavioural")                     \
    X(COOKIE_ID, "cookie.id", "12.1, 17", PRIVPOL_NORM_OPAQUE, PRIVPOL_PERSONAL,           \
      "user.device.cookie_id", "dpv-pd:Identifier")                                        \
    X(TERMINAL_MSISDN, "terminal.msisdn", "12.2", PRIVPOL_NORM_PHONE, PRIVPOL_PERSONAL,    \
      "user.contact.phone_number", "dpv-pd:TelephoneNumber")                               \
    X(TERMINAL_DEVICE_ID, "terminal.device_id", "12.2", PRIVPOL_NORM_OPAQUE,               \
      PRIVPOL_PERSONAL, "user.device.device_id", "dpv-pd:DeviceBased")                     \
    X(TERMINAL_USER_AGENT, "terminal.user_agent", "12.2", PRIVPOL_NORM_NONE,               \
      PRIVPOL_PSEUDONYMOUS, "user.device", "dpv-pd:UserAgent")                             \
    X(TERMINAL_DEVICE_TYPE, "terminal.device_type", "12.2", PRIVPOL_NORM_NONE,             \
      PRIVPOL_NON_IDENTIFIABLE, "user.device", "dpv-pd:DeviceBased")                       \
    X(USAGE_EVENT, "usage.event", "12.2", PRIVPOL_NORM_NONE, PRIVPOL_NON_IDENTIFIABLE,     \
      "user.behavior.browsing_history", "dpv-pd:BrowsingBehaviour")                        \
    X(USAGE_JOURNEY, "usage.journey", "12.2, 9.2", PRIVPOL_NORM_NONE,                      \
      PRIVPOL_NON_IDENTIFIABLE, "user.behavior", "dpv-pd:BrowsingBehaviour")               \
    X(USER_PROVIDED_FREE_TEXT, "user_provided.free_text", "12.2, 7.7", PRIVPOL_NORM_SCAN,  \
      PRIVPOL_PERSONAL, "user.content.private", "dpv-pd:Communication")                    \
    X(USER_PROVIDED_SURVEY, "user_provided.survey", "12.2", PRIVPOL_NORM_SCAN,             \
      PRIVPOL_PERSONAL, "user.content.private", "dpv-pd:Opinion")                          \
    X(FINANCIAL_CARD_NUMBER, "financial.card_number", "", PRIVPOL_NORM_DIGITS,             \
      PRIVPOL_PERSONAL, "user.financial.bank_account", "dpv-pd:PaymentCardNumber")         \
    X(FINANCIAL_IBAN, "financial.iban", "", PRIVPOL_NORM_IBAN, PRIVPOL_PERSONAL,           \
      "user.financial.bank_account", "dpv-pd:BankAccount")                                 \
    X(GEOLOCATION_PRECISE, "geolocation.precise", "12.3", PRIVPOL_NORM_NONE,               \
      PRIVPOL_PERSONAL, "user.location.precise", "dpv-pd:GPSCoordinate")                   \
    X(GEOLOCATION_IMPRECISE, "geolocation.imprecise", "12.3", PRIVPOL_NORM_NONE,           \
      PRIVPOL_PSEUDONYMOUS, "user.location.imprecise", "dpv-pd:Location")                  \
    X(NON_IDENTIFIABLE_STATISTIC, "non_identifiable.statistic", "7.8", PRIVPOL_NORM_NONE,  \
      PRIVPOL_NON_IDENTIFIABLE, "system.operations", "dpv:NonPersonalData")                \
    X(UNKNOWN, "unknown", "", PRIVPOL_NORM_OPAQUE, PRIVPOL_PERSONAL, "", "")

/** @cond PRIVPOL_GENERATED */
#define PRIVPOL__CATEGORY_ENUM(name, id, section, norm, level, fides, dpv) PRIVPOL_CAT_##name,
/** @endcond */

/**
 * A data category: the index of a row of #PRIVPOL_CATEGORY_LIST. Every row gives a
 * constant `PRIVPOL_CAT_<NAME>`: `PRIVPOL_CAT_IDENTITY_NAME` is 0, `PRIVPOL_CAT_CONTACT_EMAIL`
 * 1, ... `PRIVPOL_CAT_UNKNOWN` 21. The id of a category (privpol_category_id()) names it
 * in text; privpol_category_find() turns an id back into the constant.
 */
typedef enum privpol_category {
    /** In privpol_record_add(): classify the field from its name and value. The list's
     *  constants follow from 0. */
    PRIVPOL_CAT_AUTO = -1,
    /** @cond PRIVPOL_GENERATED */
    PRIVPOL_CATEGORY_LIST(PRIVPOL__CATEGORY_ENUM)
    /** @endcond */
} privpol_category;

/**
 * Number of categories this library knows; ids are numbered 0 to count-1, in a fixed
 * order that only grows at the end.
 * @return The count.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_category_count(void);

/**
 * Id of a category, such as "connection.ip_address".
 * @param[in] category A category.
 * @return Static text, or NULL when @p category is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_id(privpol_category category);

/**
 * Find a category by id.
 * @param[in]  id  NUL-terminated id such as "contact.email".
 * @param[out] out The category.
 * @param[out] err Detail on failure, or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_category_find(const char *id, privpol_category *out, privpol_error *err);

/**
 * Normalizer of a category.
 * @param[in] category A category.
 * @return The normalizer; #PRIVPOL_NORM_OPAQUE when @p category is out of range.
 * @since 0.1
 */
PRIVPOL_API privpol_normalizer privpol_category_normalizer(privpol_category category);

/**
 * Default identifiability of a category alone.
 * @param[in] category A category.
 * @return The level; #PRIVPOL_PERSONAL when @p category is out of range (fail closed).
 * @since 0.1
 */
PRIVPOL_API privpol_identifiability privpol_category_identifiability(privpol_category category);

/**
 * Seed policy section a category comes from, such as "12.1, 12.2".
 * @param[in] category A category.
 * @return Static text ("" when none), or NULL when @p category is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_clause(privpol_category category);

/**
 * fideslang data category key matching a category, such as "user.device.ip_address".
 * @param[in] category A category.
 * @return Static text ("" for `unknown`), or NULL when @p category is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_fideslang(privpol_category category);

/**
 * W3C Data Privacy Vocabulary term of a category (#PRIVPOL_CATEGORY_LIST), such as
 * "dpv-pd:IPAddress".
 * @param[in] category A category.
 * @return Static text ("" for `unknown`), or NULL when @p category is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_category_dpv(privpol_category category);

/**
 * Name of a normalizer as the registry writes it ("ip", "phone", ...).
 * @param[in] normalizer The normalizer.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_normalizer_name(privpol_normalizer normalizer);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_CATEGORY_H */
