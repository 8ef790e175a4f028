/* SPDX-License-Identifier: MIT */
/* Shared by the policy readers and the entry point (src/policy/, above model.c): the
 * YAML node tree read by libyaml's event parser with limits, and typed readers that report the line and
 * column of a bad node. */
#ifndef PRIVPOL_POLICY_PARSE_H
#define PRIVPOL_POLICY_PARSE_H

#include "policy-model.h"

/* ---- limits of the reader (docs/policy-format.md) ---------------------------------- */

#define PRIVPOL__YAML_MAX_DEPTH 16    /* nested collections */
#define PRIVPOL__YAML_MAX_NODES 65536 /* scalars and collections */
#define PRIVPOL__YAML_MAX_SCALAR 4096 /* bytes of one scalar */

/* ---- the node tree ----------------------------------------------------------------- */

enum privpol__pnode_type { PRIVPOL__PN_SCALAR, PRIVPOL__PN_SEQ, PRIVPOL__PN_MAP };

struct privpol__pnode {
    enum privpol__pnode_type type;
    uint32_t line, column; /* 1-based line and character (not byte) column of the
                              node's first character; privpol__pfail() reports
                              the byte column */
    bool plain;            /* a plain scalar (not quoted, literal or folded) */
    const char *text;      /* scalars: NUL-terminated (never contains NUL) */
    size_t len;
    struct privpol__pnode *first; /* collections: children; a mapping alternates key and
                                     value, keys are scalars, never twice the same */
    struct privpol__pnode *last;
    struct privpol__pnode *next; /* next sibling */
    size_t count;                /* number of children (a mapping: 2 per entry) */
};

/* Parse one YAML document into a tree allocated in `arena`. Refuses anchors, aliases,
 * tags, more than one document, non-scalar or duplicate mapping keys, and texts past the
 * limits above; err gets the line and column. */
privpol_status privpol__yaml_read(struct privpol__arena *arena, const char *text,
                                  size_t len, struct privpol__pnode **root,
                                  privpol_error *err);

/* ---- the reader -------------------------------------------------------------------- */

struct privpol__reader {
    privpol_policy *pol;        /* being built (strings go to pol->arena) */
    const privpol_policy *base; /* a supplement's base, else NULL */
    bool supplement;
    privpol_error *err;
    const char *text; /* the text read, to turn columns into byte columns */
    size_t len;
    /* Nodes of the rules read from this text (NULL for rules inherited from a base), for
     * errors found when rules are resolved together. */
    const struct privpol__pnode *purpose_node[PRIVPOL__POLICY_MAX_PURPOSES];
    const struct privpol__pnode *retention_node[PRIVPOL__POLICY_MAX_RETENTION];
};

/* Fail at a node (its line and column; 0 and 0 when n is NULL) with a formatted message.
 */
privpol_status privpol__pfail(struct privpol__reader *r, const struct privpol__pnode *n,
                              const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Same at an explicit position (line, character column). */
privpol_status privpol__pfail_at(struct privpol__reader *r, uint32_t line,
                                 uint32_t column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* A scalar's text made safe to quote in a message: printable ASCII, at most 40 bytes. */
const char *privpol__pshow(const struct privpol__pnode *n, char buf[48]);

/* The value of `key` in a mapping, or NULL. */
const struct privpol__pnode *privpol__pget(const struct privpol__pnode *map,
                                           const char *key);

/* Fail unless n has the type; what names it in the message ("purposes.prospecting"). */
privpol_status privpol__ptype(struct privpol__reader *r, const struct privpol__pnode *n,
                              enum privpol__pnode_type type, const char *what);
/* Fail on the first key of a mapping not in `keys` (NULL-terminated). */
privpol_status privpol__pkeys(struct privpol__reader *r, const struct privpol__pnode *map,
                              const char *const *keys, const char *what);
/* The value of a required key, or fail at the mapping. */
privpol_status privpol__preq(struct privpol__reader *r, const struct privpol__pnode *map,
                             const char *key, const char *what,
                             const struct privpol__pnode **out);

/* Typed values. Each fails at n with a message naming `what`. */
/* Non-empty text, copied into the policy's arena. */
privpol_status privpol__pstring(struct privpol__reader *r, const struct privpol__pnode *n,
                                const char *what, const char **out);
/* Optional text: *out stays NULL when the key is absent. */
privpol_status privpol__popt_string(struct privpol__reader *r,
                                    const struct privpol__pnode *map, const char *key,
                                    const char *what, const char **out);
/* An id: 1 to 64 bytes of a-z, 0-9, '_', '-', '.', starting with a letter or digit. */
privpol_status privpol__pid(struct privpol__reader *r, const struct privpol__pnode *n,
                            const char *what, const char **out);
bool privpol__id_ok(const char *s, size_t n);
/* Plain `true` or `false`. */
privpol_status privpol__pbool(struct privpol__reader *r, const struct privpol__pnode *n,
                              const char *what, bool *out);
/* Plain decimal integer in [min, max]. */
privpol_status privpol__puint(struct privpol__reader *r, const struct privpol__pnode *n,
                              const char *what, unsigned min, unsigned max,
                              unsigned *out);
/* One of names[0..count-1] (NULL entries skipped); *out its index. kind names the
 * vocabulary in the message ("operation"). */
privpol_status privpol__penum(struct privpol__reader *r, const struct privpol__pnode *n,
                              const char *const *names, size_t count, const char *kind,
                              unsigned *out);
/* A sequence of names of a vocabulary, as a bit set (1u << index); duplicates fail. */
privpol_status privpol__pmask(struct privpol__reader *r, const struct privpol__pnode *n,
                              const char *const *names, size_t count, const char *kind,
                              unsigned *out);
/* A sequence of category ids of the registry, as a set; duplicates fail. */
privpol_status privpol__pcatset(struct privpol__reader *r, const struct privpol__pnode *n,
                                const char *what, privpol__catset *out);
/* A category id; *out its index. */
privpol_status privpol__pcategory(struct privpol__reader *r,
                                  const struct privpol__pnode *n, int *out);
/* A date or instant (privpol_time_parse()). */
privpol_status privpol__pdate(struct privpol__reader *r, const struct privpol__pnode *n,
                              const char *what, int64_t *out);
/* An ISO 8601 duration (privpol_duration_parse()). */
privpol_status privpol__pduration(struct privpol__reader *r,
                                  const struct privpol__pnode *n, const char *what,
                                  privpol_duration *out);
/* An ISO 3166-1 alpha-2 code (uppercase). */
privpol_status privpol__pcountry(struct privpol__reader *r,
                                 const struct privpol__pnode *n, char out[3]);
/* An identifiability level name. */
privpol_status privpol__plevel(struct privpol__reader *r, const struct privpol__pnode *n,
                               const char *what, privpol_identifiability *out);

/* ---- loading (policy-load.c, policy-supplement.c) ---------------------------------- */

/* Read a full policy from its tree into r->pol. */
privpol_status privpol__policy_load_tree(struct privpol__reader *r,
                                         const struct privpol__pnode *root);
/* Read a supplement from its tree into r->pol (a copy of r->base). */
privpol_status privpol__supplement_load_tree(struct privpol__reader *r,
                                             const struct privpol__pnode *root);

/* Shared checks and resolution, run on full policies and after supplements. */
/* A partner's recipient rule, purposes, categories, country and safeguard. */
privpol_status privpol__policy_check_partner(struct privpol__reader *r,
                                             const struct privpol__policy_partner *pt,
                                             const struct privpol__pnode *node);
/* Fill retention_of: the most specific rule of every (purpose, category). */
privpol_status privpol__policy_resolve_retention(struct privpol__reader *r);
/* Read one purpose (key node k, value v) into *p (role already known or read here). */
privpol_status privpol__policy_read_purpose(struct privpol__reader *r,
                                            const struct privpol__pnode *k,
                                            const struct privpol__pnode *v,
                                            struct privpol__policy_purpose *p);
/* Read one partner. */
privpol_status privpol__policy_read_partner(struct privpol__reader *r,
                                            const struct privpol__pnode *n,
                                            struct privpol__policy_partner *pt);
/* Read one retention rule. */
privpol_status privpol__policy_read_retention(struct privpol__reader *r,
                                              const struct privpol__pnode *n,
                                              struct privpol__policy_retention *rule);
/* Read a rotation list into the pseudonymization section (for a supplement: refusing a
 * longer period than the base's). */
privpol_status privpol__policy_read_rotation(struct privpol__reader *r,
                                             const struct privpol__pnode *n);
/* Read a contract section. */
privpol_status privpol__policy_read_contract(struct privpol__reader *r,
                                             const struct privpol__pnode *n);

/* The transforms section of a full policy (policy-transforms.c); needs the roles and the
 * purposes read. */
privpol_status privpol__policy_read_transforms(struct privpol__reader *r,
                                               const struct privpol__pnode *n);
/* A supplement's transforms section: its rules go before the base's, none may loosen
 * what the base alone gives. */
privpol_status privpol__supplement_read_transforms(struct privpol__reader *r,
                                                   const struct privpol__pnode *n);
/* Fail closed: refuse a policy where some purpose would keep category `unknown` through
 * `transforms.default` (run on full policies and after supplements, which add purposes).
 */
privpol_status privpol__policy_check_transforms(struct privpol__reader *r);


#endif /* PRIVPOL_POLICY_PARSE_H */
