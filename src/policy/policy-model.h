/* SPDX-License-Identifier: MIT */
/* The in-memory policy model: what a policy file (docs/policy-format.md) says, validated
 * and resolved into plain C structs that decisions (decide), retention, taint and the
 * record of processing activities (ropa) read directly. Internal to src/ and the tests.
 *
 * Conventions:
 * - Fixed-size arrays, so that a policy is one allocation plus an arena of strings; a
 *   supplemented policy starts as a struct copy of its base.
 * - Every rule keeps the clause it was written with (`clause`: "§12.3", "GDPR Art. 45",
 *   or a supplement's own reference such as "ACME DPA §4"), never NULL and never empty,
 *   and the 1-based line of the file it was read from (`line`; 0 when not from a file).
 * - Strings are NUL-terminated UTF-8, borrowed from the policy (or from its base, which
 *   a supplemented policy keeps alive): valid until privpol_policy_free() of the last
 *   holder. Optional strings are NULL when absent.
 * - Durations are privpol_duration (privpol/retention.h) as written: P13M stays 13
 *   months, added with privpol_time_add() (months as in Regulation 1182/71).
 * - Category sets are bit masks over category indexes (privpol__catset); role, subject,
 *   operation, recipient, condition and right sets are bit masks over the enum values
 *   (bit 1u << value).
 * - Once built a policy never changes (only its reference count moves), so any number
 *   of threads may read it.
 */
#ifndef PRIVPOL_POLICY_MODEL_H
#define PRIVPOL_POLICY_MODEL_H

#include "classify-internal.h"
#include "vocab.h"

#include <stdatomic.h>

/* ---- limits ------------------------------------------------------------------------ */

#define PRIVPOL__POLICY_MAX_PURPOSES 64 /* purposes, base and supplement together */
#define PRIVPOL__POLICY_MAX_RECIPIENT_RULES 32 /* recipient rules */
#define PRIVPOL__POLICY_MAX_PARTNERS 64        /* named partners, base and supplement */
#define PRIVPOL__POLICY_MAX_COUNTRIES 128      /* EEA members and adequacy decisions */
#define PRIVPOL__POLICY_MAX_DATA_CENTERS 16    /* data center countries */
#define PRIVPOL__POLICY_MAX_RETENTION 64       /* retention rules, base and supplement */
#define PRIVPOL__POLICY_MAX_COMBINATION 32     /* combination (taint) rules */
#define PRIVPOL__POLICY_MAX_MEASURES 32        /* security measures */
#define PRIVPOL__POLICY_MAX_TRANSFORMS 64      /* transform rules, base and supplement */
#define PRIVPOL__POLICY_MAX_TIME_FIELDS 16     /* transforms.event_time field names */
#define PRIVPOL__POLICY_ROLES PRIVPOL__ROLE_COUNT /* privpol_role values (util/vocab.h) */
#define PRIVPOL__POLICY_NO_RULE 0xff           /* "no rule" in the uint8_t index tables */

/* Closed vocabularies (transforms.vocabularies): base and supplement together, at most
 * 32 vocabularies and 64 field names; in one vocabulary, at most 256 values of at most
 * 64 bytes. The field names are hashed into 128 slots (a power of 2, at most half
 * full). */
#define PRIVPOL__POLICY_MAX_VOCABULARIES 32
#define PRIVPOL__POLICY_MAX_VOCABULARY_FIELDS 64
#define PRIVPOL__POLICY_VOCABULARY_FIELD_SLOTS 128
#define PRIVPOL__POLICY_MAX_VOCABULARY_VALUES 256
#define PRIVPOL__POLICY_MAX_VOCABULARY_VALUE 64

/* ---- sets -------------------------------------------------------------------------- */

/* Bit c is category index c of the registry (privpol/category.h); the registry holds at
 * most PRIVPOL__CATEGORY_MAX (64) categories. */
typedef uint64_t privpol__catset;
#define PRIVPOL_CAT_BIT(c) ((privpol__catset)1 << (c))
/* Bit p is purpose index p of privpol_policy::purposes. */
typedef uint64_t privpol__purposeset;
#define PRIVPOL__PURPOSE_BIT(p) ((privpol__purposeset)1 << (p))
/* Bit 1u << v for an enum value v (roles, subjects, operations, recipients, ...). */
#define PRIVPOL__BIT(v) (1u << (unsigned)(v))

/* The vocabularies that only the policy uses (conditions, retention bases, rights) are
 * in util/vocab.h with the others. */

/* ---- the model --------------------------------------------------------------------- */

/* A role the policy defines (roles.controller / roles.processor). */
struct privpol__policy_role {
    bool present;            /* the policy defines this role */
    const char *clause;      /* "§6.1, §7.1" */
    const char *description; /* optional */
    uint32_t line;
};

/* A data subject type (subjects.<id>), indexed by privpol_subject. */
struct privpol__policy_subject {
    bool present;
    unsigned roles; /* PRIVPOL__BIT(privpol_role) under which it is met */
    const char *clause;
    const char *description; /* optional */
    uint32_t line;
};

/* Which categories each role collects (categories[] rules, resolved). */
struct privpol__policy_categories {
    privpol__catset allowed;                   /* union of the role's `allowed` lists */
    const char *clause[PRIVPOL__CATEGORY_MAX]; /* rule allowing each category, or NULL */
    uint32_t line[PRIVPOL__CATEGORY_MAX];
};

/* §12.3: geolocation. Both false by default; a supplement may enable them for its
 * tenant, which adds the categories to the processor's allowed set. */
struct privpol__policy_geolocation {
    bool precise;              /* geolocation.precise may be collected */
    bool imprecise;            /* geolocation.imprecise may be collected */
    const char *clause;        /* the prohibition: "§12.3" */
    const char *enable_clause; /* the clause that enabled it (a supplement's), or NULL */
    uint32_t line;
};

/* A purpose (purposes.<id>). */
struct privpol__policy_purpose {
    const char *id;    /* "prospecting"; unique in the policy */
    privpol_role role; /* the one role it is pursued under */
    const char *clause;
    const char *description;    /* optional */
    unsigned subjects;          /* PRIVPOL__BIT(privpol_subject) */
    privpol__catset categories; /* categories it uses; a subset of the role's allowed */
    unsigned operations;        /* PRIVPOL__BIT(privpol_operation); the role's allowed
                                   operations unless the purpose lists fewer */
    const char *objection;      /* clause letting the subject object (§11), or NULL: not
                                   objectionable */
    const char *anonymize;      /* clause requiring anonymization as soon as possible
                                   (§7.3), or NULL */
    bool from_supplement;       /* added by the tenant's supplement */
    uint32_t line;
};

/* Operations each role may perform (operations[] rules, resolved). */
struct privpol__policy_operations {
    unsigned allowed; /* PRIVPOL__BIT(privpol_operation) */
    unsigned denied;  /* explicitly denied (never also allowed) */
    const char *clause[PRIVPOL__OPERATION_COUNT]; /* rule allowing or denying, or NULL */
    uint32_t line[PRIVPOL__OPERATION_COUNT];
};

/* A recipient rule (recipients[]): may data of `roles` go to `recipient`, and on which
 * conditions. At most one rule per (recipient, role). */
struct privpol__policy_recipient {
    privpol_recipient recipient;
    unsigned roles;                    /* PRIVPOL__BIT(privpol_role) */
    unsigned requires;                 /* PRIVPOL__BIT(enum privpol__condition) */
    privpol_identifiability max_level; /* most identifying data allowed; default
                                          PRIVPOL_PERSONAL */
    privpol__catset categories;        /* most categories allowed; all when the rule
                                          names none (has_categories false) */
    bool has_categories;
    const char *clause;
    const char *description; /* optional */
    uint32_t line;
};

/* A named recipient (partners[]): a partner, subcontractor or affiliate with its
 * contract's terms. */
struct privpol__policy_partner {
    const char *id;               /* "acme-crm"; unique in the policy */
    const char *name;             /* optional display name */
    privpol_recipient recipient;  /* its kind; a recipient rule of `role` must exist */
    privpol_role role;            /* whose data it receives (supplements: processor) */
    privpol__purposeset purposes; /* purposes it receives data for (of `role`) */
    privpol__catset categories;   /* its minimum categories: the most it may get */
    char country[3];              /* ISO 3166-1 alpha-2 of its location */
    privpol_safeguard safeguard;  /* transfer safeguard; NONE inside the EEA or with an
                                     adequacy decision */
    const char *clause;
    const char *description; /* optional */
    bool from_supplement;
    uint32_t line;
};

/* A country the policy names: an EEA member or a country with an adequacy decision
 * (never both). Any other valid ISO code is a third country without adequacy. */
struct privpol__policy_country {
    char code[3];           /* "DE" */
    bool eea;               /* EU or EEA member */
    bool adequacy;          /* has an Art. 45 decision (fields below) */
    int64_t adequacy_from;  /* seconds since the epoch (UTC) the decision applies from */
    int64_t adequacy_until; /* end of a limited decision (exclusive), or INT64_MAX */
    bool partial;           /* applies to part of the recipients only (see note) */
    const char *decision;   /* "Commission Decision 2000/518/EC of 26 July 2000" */
    const char *note;       /* optional */
    uint32_t line;
};

/* §8, §13.2, §16: where data is processed and when it may leave the EEA. */
struct privpol__policy_locations {
    const char *processing_clause; /* "§8, §16": processing stays in the EEA */
    char data_centers[PRIVPOL__POLICY_MAX_DATA_CENTERS][3]; /* all EEA members */
    size_t data_center_count;
    const char *eea_clause;
    const char *transfer_clause; /* "§13.2, §16": transfer outside the EEA needs
                                    adequacy or a safeguard */
    const char *adequacy_clause; /* "GDPR Art. 45" */
    const char
        *safeguard_clause[PRIVPOL__SAFEGUARD_COUNT]; /* by privpol_safeguard; NULL
                                                       for NONE and for a safeguard
                                                       the policy does not accept */
    struct privpol__policy_country countries[PRIVPOL__POLICY_MAX_COUNTRIES];
    size_t country_count;
};

/* A retention rule (retention[]). Rules are resolved into privpol_policy::retention_of:
 * the most specific rule for each (purpose, category) the purpose uses. */
struct privpol__policy_retention {
    const char *id; /* "processor_contract"; unique */
    privpol_role role;
    bool all_purposes;            /* `purposes: all` (also covers purposes a
                                     supplement adds) */
    privpol__purposeset purposes; /* when !all_purposes */
    bool all_categories;          /* `categories: all` */
    privpol__catset categories;   /* when !all_categories */
    enum privpol__retention_basis basis;
    bool has_period;             /* a duration was written */
    bool period_is_contract;     /* `period: contract` (until_changed) */
    privpol_duration period;     /* when has_period */
    bool capped_by_contract_end; /* processor rules: never past the contract's
                                    end (§10.1); always true for the processor */
    const char *clause;
    const char *description; /* optional */
    bool from_supplement;
    uint32_t line;
};

/* The tenant's contract terms (a supplement's `contract`, §10.1). */
struct privpol__policy_contract {
    bool present;
    bool has_period;
    privpol_duration period; /* the retention period the contract fixes */
    bool has_end;
    int64_t end; /* the contract's end, seconds since the epoch (UTC) */
    const char *clause;
    uint32_t line;
};

/* §11: rights, deadlines, the supervisory authority, how a subject is found. */
struct privpol__policy_rights {
    const char *clause;
    const char *contact;                       /* optional */
    const char *granted[PRIVPOL__RIGHT_COUNT]; /* clause of each right, or NULL */
    privpol_duration answer;                   /* P1M */
    privpol_duration extension;                /* P2M */
    const char *deadline_clause;               /* "§11, GDPR Art. 12(3)" */
    const char *authority;                     /* "CNIL" */
    char authority_country[3];                 /* "FR" */
    const char *authority_website;             /* optional */
    const char *complaint_clause;
    privpol__catset identification;    /* what identifies a requester */
    const char *identification_clause; /* optional (NULL if no set) */
    uint32_t line;
};

/* §7.6: pseudonymization and rotation of pseudonyms. */
struct privpol__policy_pseudonymization {
    const char *clause;                            /* "§7.6" */
    bool keys_kept_apart;                          /* always true */
    privpol_identifiability reidentification;      /* pseudonymous data with its key
                                                      or mapping: PRIVPOL_PERSONAL */
    privpol__catset rotation_set;                  /* categories with a rotation */
    unsigned char rotation[PRIVPOL__CATEGORY_MAX]; /* privpol_period, when set */
    const char *rotation_clause[PRIVPOL__CATEGORY_MAX];
};

/* §7.7: compartmentalization of tenants. */
struct privpol__policy_compartments {
    const char *clause;
    bool link_across_tenants; /* false: one tenant's data never linked with another's */
};

/* A combination (taint) rule (combination.rules[]): a record holding all of `all_of`
 * and at least `at_least` of `any_of` is at least `level`. */
struct privpol__policy_combination_rule {
    const char *id;
    privpol__catset all_of;
    privpol__catset any_of;
    unsigned at_least;             /* 0 when any_of is empty, else 1..|any_of| */
    privpol_identifiability level; /* PSEUDONYMOUS or PERSONAL */
    const char *clause;
    const char *description; /* optional */
    uint32_t line;
};

/* §7.8: identifiability of combinations. */
struct privpol__policy_combination {
    const char *clause;        /* "§7.8": a combination is as identifying as its most
                                  identifying part; with personal data, personal */
    bool personal_if_combined; /* always true */
    struct privpol__policy_combination_rule rules[PRIVPOL__POLICY_MAX_COMBINATION];
    size_t rule_count;
};

/* §7.8: the controller may use processor data for its own purposes only up to this
 * level (non_identifiable by default). */
struct privpol__policy_reuse {
    const char *clause;
    privpol_identifiability max_level;
};

/* Identity of the organization (controller) for the record of processing activities. */
struct privpol__policy_organization {
    bool present;
    const char *clause;
    const char *name, *address, *email, *dpo, *website; /* each optional */
};

/* §15: security measures, as text for the record of processing activities. */
struct privpol__policy_security {
    const char *clause; /* NULL when the policy has no security section */
    const char *measures[PRIVPOL__POLICY_MAX_MEASURES];
    size_t measure_count;
};

/* A transform rule (transforms.rules[]): what the record pipeline does to `categories`
 * collected by `roles` for `purposes`. Rules are tried in order, the first that names
 * the role, the purpose and the category decides (docs/policy-format.md, "Transforms").
 */
struct privpol__policy_transform_rule {
    const char *id;    /* "identifiers_pseudonymized"; unique, never "default" */
    unsigned roles;    /* PRIVPOL__BIT(privpol_role) */
    bool all_roles;    /* `roles: all` (every role the policy defines) */
    bool all_purposes; /* `purposes: all`: every purpose of `roles`, also those
                          a supplement adds */
    privpol__purposeset purposes; /* when !all_purposes; purposes of `roles` only */
    bool all_categories;          /* `categories: all` */
    privpol__catset categories;   /* when !all_categories */
    privpol_action action;
    bool reversible;           /* pseudonymize with reversible tokens (controller
                                  rules only) */
    unsigned prefix4, prefix6; /* generalize of connection.ip_address: prefix lengths
                                  kept (default 24 and 48); 0 and 0 when the rule does
                                  not generalize IP addresses */
    privpol_time_unit unit;    /* generalize of connection.timestamp (default hour);
                                  NONE when the rule does not generalize timestamps */
    const char *clause;
    const char *description; /* optional */
    bool from_supplement;
    uint32_t line;
};

/* A closed vocabulary (transforms.vocabularies[]): a value of one of `fields` that is
 * exactly one of `values` holds no identifier, so the record pipeline does not scan it
 * (privpol__policy_vocabulary_match()). Every value was checked when the policy was read:
 * neither privpol_classify() nor privpol_scan() finds an identifier in it, under any
 * phone region, so skipping the scan for it never lets through what the scan would catch.
 * The arrays are in the policy's arena. */
struct privpol__policy_vocabulary {
    const char *id;            /* "device_types"; unique */
    const char *const *fields; /* field names as written, in order */
    size_t field_count;
    const char *const *values; /* values as written, in order; exact bytes, NUL-free */
    const uint8_t *value_lens; /* their lengths, 1 to 64 bytes */
    size_t value_count;
    const uint16_t *value_slots; /* open-addressing hash of the values: position + 1, or
                                    0 for an empty slot; value_mask + 1 slots, at least
                                    twice value_count */
    uint32_t value_mask;
    const char *clause;
    const char *description; /* optional */
    bool from_supplement;
    uint32_t line;
};

/* A field name of a vocabulary, normalized as the field rules compare names
 * (privpol__field_normalize(): "deviceType", "device-type" and "DEVICE_TYPE" are all
 * "device_type"). A field belongs to one vocabulary at most. */
struct privpol__policy_vocabulary_field {
    const char *name;   /* normalized, in the arena */
    uint8_t len;        /* 1 to PRIVPOL__FIELD_NAME_MAX (48) */
    uint8_t vocabulary; /* index in privpol__policy_transforms::vocabularies */
};

/* §7.3, §7.6, §15: how each category is transformed before it is kept. */
struct privpol__policy_transforms {
    const char *clause;            /* the section's clause; cited by the default */
    privpol_action default_action; /* never generalize; keep only when a rule decides
                                      `unknown` for every purpose */
    uint32_t default_line;         /* line of `default` */
    const char *time_fields[PRIVPOL__POLICY_MAX_TIME_FIELDS]; /* event_time, in order */
    size_t time_field_count;
    /* A supplemented policy holds the supplement's rules first, then the base's: the
     * order they are tried in. */
    struct privpol__policy_transform_rule rules[PRIVPOL__POLICY_MAX_TRANSFORMS];
    size_t rule_count;
    /* Closed vocabularies: the policy's, then a supplement's. */
    struct privpol__policy_vocabulary vocabularies[PRIVPOL__POLICY_MAX_VOCABULARIES];
    size_t vocabulary_count;
    struct privpol__policy_vocabulary_field
        vocabulary_fields[PRIVPOL__POLICY_MAX_VOCABULARY_FIELDS];
    size_t vocabulary_field_count;
    /* Hash of the normalized field names: position in vocabulary_fields + 1, or 0. */
    uint8_t vocabulary_field_slots[PRIVPOL__POLICY_VOCABULARY_FIELD_SLOTS];
};

struct privpol__arena; /* string storage, see model.c */

struct privpol_policy {
    /* -- ownership ------------------------------------------------------------------- */
    _Atomic size_t refs;     /* privpol_policy_free() drops one; contexts hold
                                one each (privpol__policy_ref) */
    privpol_allocator alloc; /* hooks everything was allocated with */
    bool has_alloc;
    struct privpol__arena *arena; /* strings of this policy */
    const privpol_policy *base;   /* a supplemented policy's base, kept alive (one
                                     reference) because strings are shared; or NULL */

    /* -- identity -------------------------------------------------------------------- */
    unsigned format;            /* `privpol-policy:` format version (1) */
    const char *id;             /* the policy's id */
    const char *version;        /* the policy's own version text */
    const char *title, *source; /* optional */
    struct privpol__policy_organization organization;
    bool supplements_allowed;       /* supplements.allowed */
    const char *supplements_clause; /* "§3, §10.1" */

    /* -- supplement terms (a supplement, or a full policy written for one tenant) -----
     */
    const char *tenant;               /* tenant id, or NULL */
    const char *supplement_version;   /* the supplement's `version`, or NULL */
    const char *supplement_reference; /* the supplement's `reference`, or NULL */
    struct privpol__policy_contract contract;

    /* -- who, about whom, what ------------------------------------------------------- */
    struct privpol__policy_role roles[PRIVPOL__POLICY_ROLES]; /* by privpol_role */
    struct privpol__policy_subject
        subjects[PRIVPOL__SUBJECT_COUNT]; /* by privpol_subject */
    struct privpol__policy_categories
        categories[PRIVPOL__POLICY_ROLES]; /* by privpol_role */
    struct privpol__policy_geolocation geolocation;
    struct privpol__policy_purpose purposes[PRIVPOL__POLICY_MAX_PURPOSES];
    size_t purpose_count;
    struct privpol__policy_operations
        operations[PRIVPOL__POLICY_ROLES]; /* by privpol_role */

    /* -- to whom, where -------------------------------------------------------------- */
    struct privpol__policy_recipient recipients[PRIVPOL__POLICY_MAX_RECIPIENT_RULES];
    size_t recipient_count;
    struct privpol__policy_partner partners[PRIVPOL__POLICY_MAX_PARTNERS];
    size_t partner_count;
    struct privpol__policy_locations locations;

    /* -- how long -------------------------------------------------------------------- */
    struct privpol__policy_retention retention[PRIVPOL__POLICY_MAX_RETENTION];
    size_t retention_count;
    /* retention_of[p][c]: index in `retention` of the rule for purpose p and category c,
     * or PRIVPOL__POLICY_NO_RULE when purpose p does not use category c. Complete: every
     * category a purpose uses has a rule (validation refuses a policy otherwise). */
    uint8_t retention_of[PRIVPOL__POLICY_MAX_PURPOSES][PRIVPOL__CATEGORY_MAX];

    /* -- rights and identifiability -------------------------------------------------- */
    struct privpol__policy_rights rights;
    struct privpol__policy_pseudonymization pseudonymization;
    struct privpol__policy_compartments compartmentalization;
    struct privpol__policy_combination combination;
    struct privpol__policy_reuse reuse;
    struct privpol__policy_transforms transforms;
    struct privpol__policy_security security;
};

/* ---- helpers (src/policy/policy.c) -------------------------------------------------------- */

/* The embedded default policy text (policies/default.yaml, generated at build time by
 * tools/embed.py into the build directory). NUL-terminated; _len excludes the NUL. */
extern const char privpol__default_policy[];
extern const size_t privpol__default_policy_len;

/* Take one more reference on a policy (contexts do); returns it. Thread-safe. */
const privpol_policy *privpol__policy_ref(const privpol_policy *policy);

/* Index of a purpose by id, or -1. */
int privpol__policy_purpose_index(const privpol_policy *policy, const char *id);

/* The country entry of an ISO 3166-1 alpha-2 code (uppercase), or NULL when the policy
 * names it neither as an EEA member nor with an adequacy decision. */
const struct privpol__policy_country *
privpol__policy_country(const privpol_policy *policy, const char *code);

/* True when the country code is an assigned ISO 3166-1 alpha-2 code (uppercase). */
bool privpol__iso3166_known(const char *code);

/* The retention rule for a purpose index and a category index, or NULL when the purpose
 * does not use the category. */
const struct privpol__policy_retention *
privpol__policy_retention_rule(const privpol_policy *policy, size_t purpose,
                               size_t category);

/* The recipient rule for a recipient and a role, or NULL. */
const struct privpol__policy_recipient *
privpol__policy_recipient_rule(const privpol_policy *policy, privpol_recipient recipient,
                               privpol_role role);

/* The transform of category index `category` collected by `role` for purpose index
 * `purpose` (a purpose of that role), as privpol_policy_transform() gives it. Cheap and
 * allocation-free. (src/policy/policy-transforms.c) */
void privpol__policy_transform_of(privpol_transform *out, const privpol_policy *policy,
                                  privpol_role role, size_t purpose, size_t category);

/* True when `value` (exact bytes) is a value of the closed vocabulary that covers the
 * field `field` (a name or a JSON path such as "client.device", "journey[0]" or
 * "events[3].action": its last component compared as the field rules compare names,
 * privpol__field_normalize()). False for a field no vocabulary covers, for any other
 * value, and for NULL arguments. Such a value holds no identifier: the record pipeline
 * keeps it without scanning it. Hot path (once per kept string field of every event):
 * O(field_len + value_len), no allocation, no lock. (src/policy/policy-transforms.c) */
bool privpol__policy_vocabulary_match(const privpol_policy *policy, const char *field,
                                      size_t field_len, const char *value,
                                      size_t value_len);

/* The same in two steps, for callers that see one field name again and again (the record
 * pipeline caches the first per field): the index of the vocabulary covering a field, or
 * -1; then whether a value is one of that vocabulary's (false for -1). */
int privpol__policy_vocabulary_find(const privpol_policy *policy, const char *field,
                                    size_t field_len);
bool privpol__policy_vocabulary_has(const privpol_policy *policy, int vocabulary,
                                    const char *value, size_t value_len);


/* ---- arenas ------------------------------------------------------------------------ */

/* Memory freed all at once: the strings of a policy, the node tree of a parse. */
struct privpol__arena;
struct privpol__arena *privpol__arena_new(const privpol_allocator *alloc);
void privpol__arena_free(struct privpol__arena *arena);
/* Zeroed memory aligned for any object, or NULL. */
void *privpol__arena_alloc(struct privpol__arena *arena, size_t n);
/* Copy of n bytes and a NUL, or NULL. */
char *privpol__arena_strndup(struct privpol__arena *arena, const char *s, size_t n);

/* A new, empty policy (one reference) with its arena. */
privpol_status privpol__policy_new(privpol_policy **out, const privpol_allocator *alloc);

/* Duration comparison: true when a is certainly not longer than b from any start date
 * (componentwise with years as 12 months, else by bounds: a month is 28 to 31 days). */
bool privpol__duration_le(const privpol_duration *a, const privpol_duration *b);
bool privpol__duration_is_zero(const privpol_duration *d);

/* Transform and vocabulary lookups (model.c), shared with the reader of the transforms
 * section (policy-transforms.c). The first rule of t naming the role, purpose and
 * category, or NULL: */
const struct privpol__policy_transform_rule *
privpol__policy_transform_rule(const struct privpol__policy_transforms *t, privpol_role role,
                               size_t purpose, size_t category);
/* What `rule` (or t's default, when NULL) does to category index `category`. */
void privpol__policy_transform_fill(privpol_transform *out,
                                    const struct privpol__policy_transforms *t,
                                    const struct privpol__policy_transform_rule *rule,
                                    size_t category);
/* FNV-1a, the hash of the vocabulary tables. */
uint32_t privpol__policy_vocabulary_hash(const char *s, size_t n);
/* Position of a value in a vocabulary, or -1. */
int privpol__policy_vocabulary_position(const struct privpol__policy_vocabulary *v,
                                        const char *value, size_t len);

#endif /* PRIVPOL_POLICY_MODEL_H */
