/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_RECORD_H
#define PRIVPOL_RECORD_H

#include <privpol/common.h>
#include <privpol/category.h>
#include <privpol/context.h>
#include <privpol/decide.h>
#include <privpol/policy.h>
#include <privpol/retention.h>

#include <stdbool.h>

/** @file privpol/record.h
 *  @brief A whole event through the pipeline: every field classified,
 *         decided, transformed; the record annotated with how identifiable it is and
 *         until when it may be kept. JSON lines and web-server access-log lines in one
 *         call.
 *
 * A #privpol_record is a reusable, caller-owned object bound to one context. Fill it
 * with fields (privpol_record_add()), process it under a #privpol_record_request
 * (privpol_record_process()), read the results, then privpol_record_clear() it for the
 * next event: once its buffers have grown to the size of the largest record seen, no
 * call allocates memory. privpol_record_scrub_json() and
 * privpol_record_scrub_accesslog() do all of it for one line of text. One record belongs
 * to one thread at a time; the context may be shared (docs/threading.md). The steps,
 * the transforms and the output format are described in docs/record.md.
 */

PRIVPOL_BEGIN_DECLS

/** Version of #privpol_record_request this header describes. */
#define PRIVPOL_RECORD_REQUEST_VERSION 1U

/**
 * How a record is processed: for whom, by which role, for what purpose, when, under
 * which terms. Initialize with #PRIVPOL_RECORD_REQUEST_INIT or
 * privpol_record_request_init(); the library only reads it, during the call. Members are only ever added at the end, with a new version.
 */
typedef struct privpol_record_request {
    unsigned version;                      /**< #PRIVPOL_RECORD_REQUEST_VERSION. */
    const char *tenant;                    /**< Tenant (customer) id the data belongs to;
                                                required unless @p tenant_field names a
                                                field of the record that gives it. */
    privpol_role role;                     /**< Role; default #PRIVPOL_ROLE_PROCESSOR. */
    const char *purpose;                   /**< Purpose id of that role; default NULL:
                                                "interaction_digitization" for the
                                                processor, "service_provision" for the
                                                controller. */
    privpol_subject subject;               /**< Type of data subject; read with
                                                #PRIVPOL_REQ_SUBJECT only. */
    int64_t event_time;                    /**< When the event happened, seconds since the
                                                epoch (UTC); 0: read from the record (see
                                                @p time_field), else the time of
                                                processing. */
    const privpol_retention_terms *terms;  /**< The tenant's contract terms, or NULL: the
                                                policy's (a supplement) only. */
    const char *tenant_field;              /**< Name of a top-level field whose string
                                                value is the tenant id, or NULL. The value
                                                must be a tenant the configuration knows
                                                (@p tenants, or the tenant of the policy's
                                                supplement); anything else fails the record
                                                with #PRIVPOL_ENOTFOUND, so that no sender
                                                picks a pseudonym space. A known id is kept
                                                as it is (it names the customer, not a
                                                person). Without the field, @p tenant. */
    const char *time_field;                /**< Name of the top-level field holding the
                                                event time (ISO 8601, or seconds or
                                                milliseconds since the epoch), or NULL:
                                                the policy's names
                                                (privpol_policy_time_fields()). */
    unsigned flags;                        /**< #PRIVPOL_REQ_SUBJECT or 0. */
    const char *const *tenants;            /**< The tenant ids
                                                @p tenant_field may name (@p tenant_count
                                                of them), or NULL for none but the
                                                supplement's. */
    size_t tenant_count;                   /**< Number of @p tenants. */
} privpol_record_request;

/** Static initializer of #privpol_record_request with the defaults. */
#define PRIVPOL_RECORD_REQUEST_INIT \
    {PRIVPOL_RECORD_REQUEST_VERSION, NULL, PRIVPOL_ROLE_PROCESSOR, NULL,            \
     PRIVPOL_SUBJECT_END_USER, 0, NULL, NULL, NULL, 0U, NULL, 0U}

/**
 * Set @p request to #PRIVPOL_RECORD_REQUEST_INIT (for bindings, which cannot read macros).
 * @param[out] request The request; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_record_request_init(privpol_record_request *request);

/** Opaque, reusable record bound to one context. */
typedef struct privpol_record privpol_record;

/** Deepest nesting of objects and arrays privpol_record_scrub_json() accepts. */
#define PRIVPOL_RECORD_MAX_DEPTH 64U
/** Most fields (leaf values) one record may hold. */
#define PRIVPOL_RECORD_MAX_FIELDS 65536U
/** Longest field name or JSON path, in bytes. */
#define PRIVPOL_RECORD_MAX_NAME 1024U

/**
 * Create an empty record for a context.
 * @param[in] ctx The context (policy, keyring, allocator); borrowed, must outlive the
 *                 record.
 * @param[out] out The record; NULL on failure. Free with privpol_record_free().
 * @param[out] err Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOMEM or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_new(const privpol_ctx *ctx, privpol_record **out, privpol_error *err);

/**
 * Free a record and every buffer it holds (values are wiped first).
 * @param[in] record The record; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_record_free(privpol_record *record);

/**
 * Remove every field and result, keeping the buffers for the next record.
 * @param[in,out] record The record; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_record_clear(privpol_record *record);

/**
 * Add a field: its name (or JSON path, such as `client.ip` or `journey[0]`), its value
 * and optionally its category. Both are copied into the record.
 * @param[in,out] record The record (not yet processed since the last clear).
 * @param[in] name Field name or path; UTF-8, at most #PRIVPOL_RECORD_MAX_NAME
 *                          bytes; may be empty.
 * @param[in] name_len Its length in bytes.
 * @param[in] value The value's bytes (text, not NUL-terminated).
 * @param[in] value_len Its length.
 * @param[in] category The category the caller
 *                          declares, or #PRIVPOL_CAT_AUTO to classify the value.
 *                          A declared category is trusted, except that a value which
 *                          is not valid UTF-8 is always `unknown`.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ELIMIT (too many fields, name too long),
 *         #PRIVPOL_ENOTFOUND (category out of range), #PRIVPOL_ENOMEM or #PRIVPOL_EINVAL
 *         (a NULL argument, or the record was processed and not cleared).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_add(privpol_record *record, const char *name, size_t name_len,
                   const char *value, size_t value_len, privpol_category category,
                   privpol_error *err);

/**
 * Process the record's fields under a request: classify each (unless declared), decide
 * whether its category may be collected for the request's role and purpose (privpol_decide()
 * with #PRIVPOL_OP_COLLECT), apply the policy's transform (privpol_policy_transform()),
 * or drop the field when collection is denied; then compute the record's
 * identifiability after combination (privpol_taint_result()) and its retain-until time
 * (the earliest of privpol_retention_compute() over the kept categories).
 * A field of category `unknown` is never kept in clear (docs/record.md).
 * Missing contract terms are not an error: the record then has no retain-until time
 * (privpol_record_summary::retention_status is #PRIVPOL_ETERMS).
 * @param[in,out] record The record.
 * @param[in] request How to process it.
 * @param[out] err Optional detail (never quotes a value).
 * @return #PRIVPOL_OK; #PRIVPOL_ENOTFOUND (unknown purpose for the role); #PRIVPOL_ENOKEY
 *         (no key in force at the event time); #PRIVPOL_EVERSION (request version);
 *         #PRIVPOL_ENOMEM; #PRIVPOL_EINVAL (a NULL argument, no tenant, or processed
 *         twice). On failure no result may be read.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_process(privpol_record *record, const privpol_record_request *request,
                       privpol_error *err);

/**
 * Number of fields of the record.
 * @param[in] record The record.
 * @return The count; 0 for NULL.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_record_field_count(const privpol_record *record);

/**
 * One field after privpol_record_process(). The strings are borrowed from the record,
 * valid until it is cleared, reused or freed.
 */
typedef struct privpol_record_field {
    unsigned version;      /**< #PRIVPOL_RECORD_FIELD_VERSION, set by the caller. */
    const char *name;      /**< Field name or path, NUL-terminated. */
    size_t name_len;       /**< Its length. */
    privpol_category category; /**< Category (declared or classified). */
    privpol_action action; /**< What was done. */
    const char *value;     /**< The value to keep, NUL-terminated; NULL when dropped. */
    size_t value_len;      /**< Its length; 0 when dropped. */
    const char *clause;    /**< Clause of the decision (a denial for a dropped field) or
                                of the transform rule. */
} privpol_record_field;

/** Current version of #privpol_record_field. */
#define PRIVPOL_RECORD_FIELD_VERSION 1U
/** Initializer of #privpol_record_field. */
#define PRIVPOL_RECORD_FIELD_INIT {PRIVPOL_RECORD_FIELD_VERSION, NULL, 0, PRIVPOL_CAT_UNKNOWN, PRIVPOL_ACTION_DROP, NULL, 0, NULL}

/**
 * Read one processed field.
 * @param[in] record The record, processed.
 * @param[in] index 0 to privpol_record_field_count() - 1, in the order of addition.
 * @param[out] out The field.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND (index out of range) or #PRIVPOL_EINVAL (NULL
 *         argument, or not processed).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_get_field(const privpol_record *record, size_t index, privpol_record_field *out,
                         privpol_error *err);

/**
 * The record as a whole after privpol_record_process(). Strings are borrowed from the
 * record or the policy.
 */
typedef struct privpol_record_summary {
    unsigned version;                          /**< #PRIVPOL_RECORD_SUMMARY_VERSION, set
                                                    by the caller. */
    privpol_identifiability identifiability;   /**< After the transforms and the
                                                    combination rules (§7.8). */
    const char *identifiability_rule;          /**< What decided it
                                                    (privpol_taint_result()). */
    const char *identifiability_clause;        /**< Its clause. */
    int64_t event_time;                        /**< The event time used. */
    privpol_status retention_status;           /**< #PRIVPOL_OK when @p retain_until
                                                    is set; #PRIVPOL_ETERMS when terms
                                                    are missing; another status when no
                                                    category was kept. */
    int64_t retain_until;                      /**< Retain-until, seconds since the
                                                    epoch (UTC); 0 when not set. */
    privpol_retention_action retention_action; /**< What is due then. */
    uint64_t categories;                       /**< Bit i set: a field of category
                                                    index i is in the output. */
    uint64_t dropped;                          /**< Bit i set: a field of category i
                                                    was dropped. */
    size_t decision_count;                     /**< Number of decisions
                                                    (privpol_record_get_decision()). */
} privpol_record_summary;

/** Current version of #privpol_record_summary. */
#define PRIVPOL_RECORD_SUMMARY_VERSION 1U
/** Initializer of #privpol_record_summary. */
#define PRIVPOL_RECORD_SUMMARY_INIT {PRIVPOL_RECORD_SUMMARY_VERSION, PRIVPOL_PERSONAL, NULL, NULL, 0, PRIVPOL_OK, 0, PRIVPOL_RETENTION_ERASE, 0, 0, 0}

/**
 * Read the record's summary.
 * @param[in] record The record, processed.
 * @param[out] out The summary.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_EINVAL (NULL argument, or not processed).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_get_summary(const privpol_record *record, privpol_record_summary *out,
                           privpol_error *err);

/**
 * Read one decision of the record: one per distinct category of its fields, in the
 * order the categories first appear. A category of `unknown` is not decided (it cannot
 * be): its decision is a denial of keeping it in clear, citing the library's fail-closed
 * rule, with check id "unknown".
 * @param[in] record The record, processed.
 * @param[in] index 0 to privpol_record_summary::decision_count - 1.
 * @param[out] out_category The category the decision is about.
 * @param[out] out The decision.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_get_decision(const privpol_record *record, size_t index,
                            privpol_category *out_category, privpol_decision *out,
                            privpol_error *err);

/**
 * Scrub one JSON text: one object, such as one line of a JSON-lines stream (a final
 * line feed or carriage return is ignored). Nested objects and arrays are walked, each
 * leaf a field named by its path (`client.ip`, `journey[0]`); the record is cleared,
 * filled, processed and written back as compact JSON in the input's key order, dropped
 * fields left out, with an added `_privpol` object: `identifiability`, `retain_until`
 * (ISO 8601 or null), `categories` (ids of the kept categories) and `policy` (`id`,
 * `version`). An input `_privpol` member is replaced. The format is in docs/record.md.
 * The text must be valid JSON (RFC 8259) and valid UTF-8, without NUL bytes, at most
 * #PRIVPOL_RECORD_MAX_DEPTH deep.
 * @param[in,out] record The record (cleared first).
 * @param[in] request How to process it.
 * @param[in] text The JSON text.
 * @param[in] len Its length in bytes.
 * @param[out] out The scrubbed JSON, NUL-terminated, no line feed; borrowed from
 *                        the record until its next use.
 * @param[out] out_len Its length.
 * @param[out] err Optional detail: on #PRIVPOL_EPARSE the column (1-based byte
 *                        offset) of the problem and a message that never quotes input.
 * @return #PRIVPOL_OK; #PRIVPOL_EPARSE (not JSON, not an object, bad UTF-8, NUL byte);
 *         #PRIVPOL_ELIMIT (too deep, too many fields); the statuses of
 *         privpol_record_process().
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_scrub_json(privpol_record *record, const privpol_record_request *request,
    const char *text, size_t len, const char **out, size_t *out_len, privpol_error *err);

/**
 * Scrub one web-server access-log line of Apache httpd or nginx: the common format
 * (`host ident user [time] "request" status bytes`), the combined one (plus
 * `"referer" "user agent"`), or the combined one followed by more fields, quoted or not
 * (such as nginx's `"$http_x_forwarded_for"`). Every field that can hold data about a
 * person goes through the record pipeline and its output takes its place: the client
 * address (`host`, connection.ip_address), ident and remote user (`ident`, `user`,
 * unknown: never in clear), the time (`time`, connection.timestamp; the line's time is
 * the event time), the request's target (`url`, usage.journey; a request that is not
 * `METHOD target [HTTP/x.y]` is one unknown field, `request`), the referer (`referer`,
 * usage.journey), the user agent (`user_agent`, terminal.user_agent), each address of
 * the first quoted trailing field (`x_forwarded_for`) and the other trailing fields
 * (`field_N`, classified by value). Kept values are scrubbed as the pipeline scrubs any
 * kept value (URLs parsed, text scanned). The method, the protocol, the status, the size,
 * `-` and the separators are copied; a dropped field becomes `-`. Quoted values reach the
 * record with the server's backslash escapes decoded, and transformed values are written
 * back escaped, so the output keeps the line's layout. docs/record.md, "Access logs",
 * says exactly what is accepted.
 * @param[in,out] record The record (cleared first); it holds the line's fields
 *                        afterwards (privpol_record_get_field()).
 * @param[in] request How to process it; its @p event_time, when not 0, overrides the
 *                        line's.
 * @param[in] line The line, without or with its line feed.
 * @param[in] len Its length.
 * @param[out] out The scrubbed line, NUL-terminated, no line feed; borrowed from
 *                        the record.
 * @param[out] out_len Its length.
 * @param[out] err Optional detail: on #PRIVPOL_EPARSE the column (1-based byte
 *                        offset) of the problem and a message that never quotes input.
 * @return #PRIVPOL_OK; #PRIVPOL_EPARSE (not an access-log line of these layouts, bytes
 *         that are not UTF-8, a NUL byte, or a client address that is not an IP
 *         address: it is never written in clear); #PRIVPOL_ELIMIT (more fields than a
 *         record holds); the statuses of privpol_record_process().
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_scrub_accesslog(privpol_record *record, const privpol_record_request *request,
    const char *line, size_t len, const char **out, size_t *out_len, privpol_error *err);

/**
 * Scrub a batch of JSON texts in one call (for bindings such as Python's, whose
 * per-call cost would otherwise dominate): privpol_record_scrub_json() on each text in
 * turn, the results written one per line.
 *
 * The texts lie back to back in @p texts: text `i` is the `lens[i]` bytes that follow
 * text `i - 1` (each one JSON object; a final line feed or carriage return of each is
 * ignored, as by privpol_record_scrub_json()). Each text processed adds one line to
 * @p out: its scrubbed JSON then a line feed (the compact JSON never contains one). The
 * texts are processed in order until the end or until the next line does not fit in
 * @p out; a caller with more texts than room calls again with the texts from
 * `*out_done` on, so any batch goes through a fixed-size buffer.
 *
 * A text that cannot be scrubbed (#PRIVPOL_EPARSE, #PRIVPOL_ELIMIT, ...):
 * - with @p statuses, gets an empty line (just the line feed) and its status in
 *   `statuses[i]` (#PRIVPOL_OK for the others), and the batch goes on;
 * - without, stops the batch: its status is returned, `*out_done` is its index and
 *   @p out holds the lines of the texts before it.
 *
 * The record and the thread rule are those of privpol_record_scrub_json(): the record
 * belongs to one thread; the context may be shared.
 * @param[in,out] record The record (cleared before each text).
 * @param[in] request How to process every text.
 * @param[in] texts The texts, back to back; NULL only when they are all empty.
 * @param[in] lens Length of each text; @p count entries.
 * @param[in] count Number of texts (0 is accepted: nothing to do).
 * @param[out] out Buffer for the lines (not NUL-terminated).
 * @param[in,out] out_len Capacity of @p out in; bytes written out (the lines of the
 *                         `*out_done` texts processed).
 * @param[out] statuses Optional: @p count statuses, one per text processed.
 * @param[out] out_done Number of texts processed (their lines are in @p out).
 * @param[out] err Optional detail of the first text that failed (as
 *                         privpol_record_scrub_json() gives it: column, message that
 *                         never quotes input); its line is that text's 1-based position
 *                         in this call's batch.
 * @return #PRIVPOL_OK when all @p count texts were processed (with @p statuses, also
 *         when some failed); #PRIVPOL_EBUFSIZE when the next line did not fit: call
 *         again for the rest, with a larger @p out when `*out_done` is 0; without
 *         @p statuses, the status of the first text that failed; #PRIVPOL_EINVAL (a NULL
 *         argument) or #PRIVPOL_EVERSION (request version), before any text.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_scrub_json_many(privpol_record *record, const privpol_record_request *request,
                               const char *texts, const size_t *lens, size_t count, char *out,
                               size_t *out_len, privpol_status *statuses, size_t *out_done,
                               privpol_error *err);

/* ---- rejects ----------------------------------------------------------------------- */

/** Current version of #privpol_record_reject. */
#define PRIVPOL_RECORD_REJECT_VERSION 1U

/**
 * One record of a rejects file: part of an input line the pipeline could not process,
 * sealed (privpol/seal.h), never in clear. A rejects file holds one record per line, a
 * JSON object with its members in this order:
 *
 *     {"line":N,"part":I,"final":true|false,"reason":"TEXT","column":C,"sealed":"ps1...."}
 *
 * `line` is the 1-based line of the input; a line longer than the caller's maximum is
 * sealed in parts `1..n`, `final` true on the last (a short line is one record, part 1,
 * final). `column` (1-based, in the input line) is present only when known. The sealed
 * bytes are those of the line or the part, without its line feed; their additional data
 * is privpol_seal_reject_ad() of (line, part, final), so a part cannot be moved to another
 * line, position or finality. Readers take `"sealed"` wherever it stands after
 * `"reason"` and skip members they do not know.
 *
 * Initialize with #PRIVPOL_RECORD_REJECT_INIT or privpol_record_reject_init().
 */
typedef struct privpol_record_reject {
    unsigned version;   /**< #PRIVPOL_RECORD_REJECT_VERSION, set by the caller. */
    uint64_t line;      /**< 1-based line of the input. */
    uint64_t part;      /**< 1-based part of that line. */
    bool final;         /**< The last part of its line. */
    size_t column;      /**< 1-based column of the fault in the line, or 0: not known. */
    const char *reason; /**< Writing: why the line was rejected, NUL-terminated English
                             that never quotes the input, or NULL for none. Reading: not
                             read back, NULL. */
    const char *sealed; /**< Reading: the sealed text, borrowed from the parsed line, not
                             NUL-terminated. Writing: ignored. */
    size_t sealed_len;  /**< Length of @p sealed. */
} privpol_record_reject;

/** Initializer of #privpol_record_reject. */
#define PRIVPOL_RECORD_REJECT_INIT {PRIVPOL_RECORD_REJECT_VERSION, 0, 0, false, 0, NULL, NULL, 0}

/**
 * Set @p reject to #PRIVPOL_RECORD_REJECT_INIT (for bindings).
 * @param[out] reject The record; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_record_reject_init(privpol_record_reject *reject);

/**
 * Seal @p len bytes as part privpol_record_reject::part of input line
 * privpol_record_reject::line and write the whole rejects-file line, line feed included.
 *
 * Thread-safe: the context is only read.
 * @param[in]  ctx     A context with a keyring (the key in force at @p at seals).
 * @param[in]  at      The sealing time, seconds since the epoch; 0: now.
 * @param[in]  reject  Line, part, final, column and reason of the record.
 * @param[in]  data    The bytes of the part; may be NULL when @p len is 0.
 * @param[in]  len     Their length.
 * @param[out] out     The record, NUL-terminated.
 * @param[in,out] out_len In: room at @p out, NUL included; out: length written, NUL
 *                     excluded, or the room needed with #PRIVPOL_EBUFSIZE.
 * @param[out] err     Detail on failure, or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE, #PRIVPOL_EVERSION, #PRIVPOL_EINVAL (a NULL
 *         argument, line or part 0), #PRIVPOL_ENOKEY, #PRIVPOL_ECRYPTO or #PRIVPOL_ELIMIT
 *         (too long to seal).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_reject_write(const privpol_ctx *ctx, int64_t at,
                            const privpol_record_reject *reject, const void *data,
                            size_t len, char *out, size_t *out_len, privpol_error *err);

/**
 * Read one line of a rejects file (its line feed optional): strict about the first four
 * members and their order (`line` and `part` from 1, without sign or leading zero;
 * `final` a literal; `reason` a string), then `column` and `sealed` where they stand,
 * other members skipped; one JSON object, valid UTF-8, nothing after it.
 * @param[in]  text The line.
 * @param[in]  len  Its length.
 * @param[out] out  The record (its version set by the caller); privpol_record_reject::sealed
 *                  points into @p text.
 * @param[out] err  On failure the reason (never quoting the line) and its column.
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE, #PRIVPOL_EVERSION or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_reject_parse(const char *text, size_t len, privpol_record_reject *out,
                            privpol_error *err);

/**
 * Open the sealed part of a record read by privpol_record_reject_parse().
 * @param[in]  ctx     A context of the key holder (#PRIVPOL_CTX_ALLOW_REVEAL) whose keyring
 *                     holds the key that sealed it.
 * @param[in]  reject  The record.
 * @param[out] out     The bytes of the part (not NUL-terminated unless room allows, as
 *                     privpol_unseal()).
 * @param[in,out] out_len In: room at @p out; out: the length, or the room needed with
 *                     #PRIVPOL_EBUFSIZE.
 * @param[out] err     Detail on failure, or NULL.
 * @return As privpol_unseal(): #PRIVPOL_OK, #PRIVPOL_EAUTH (tampered with, moved to
 *         another line, part or finality, or another key), #PRIVPOL_EDENIED,
 *         #PRIVPOL_ENOKEY, #PRIVPOL_EBUFSIZE, #PRIVPOL_EVERSION or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_record_reject_open(const privpol_ctx *ctx, const privpol_record_reject *reject,
                           void *out, size_t *out_len, privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_RECORD_H */
