/* SPDX-License-Identifier: MIT */
/* privpol scrub: JSON lines (or web-server access-log lines) through the record pipeline,
 * streamed in bounded memory, with N worker threads and the output in input order. A
 * line that cannot be processed is sealed into a reject record (privpol_record_reject_write()) and never
 * written in clear. This file: options, files and the main flow; scrub.h tells the
 * rest. */
#include "scrub.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

static const char help[] =
    "usage: privpol scrub -k KEYFILE (-t TENANT | --tenant-field NAME [--tenants LIST])\n"
    "         [--role R] [--purpose P] [--policy FILE] [--supplement FILE]\n"
    "         [--contract-period DURATION] [--contract-end TIME] [--time-field NAME]\n"
    "         [--rejects FILE] [--stats] [-j N] [--format jsonl|accesslog]\n"
    "         [--max-line BYTES] [-o OUT] [IN...]\n\n"
    "Scrub a stream of events: each JSON line of the inputs (or standard input) is\n"
    "classified field by field, decided and transformed under the policy (keyed\n"
    "pseudonyms, generalization, redaction, geolocation dropped), and written as one\n"
    "compact JSON line with a \"_privpol\" object: identifiability, retain_until,\n"
    "categories, policy. Keys holding identifiers, identifiers inside kept values and\n"
    "URLs (every part) are transformed too: nothing the policy does not keep stays in\n"
    "clear. With --format accesslog, every field of each Apache/nginx common or\n"
    "combined log line (with trailing fields such as X-Forwarded-For) goes through the\n"
    "same pipeline: client address, ident, user, request URL, referer, user agent.\n"
    "Output lines keep the input order, with or without -j.\n\n"
    "Nothing is lost, nothing leaks: a line that cannot be processed (not JSON, bad\n"
    "UTF-8, a NUL byte, too deep, empty or blank, longer than --max-line) is written to\n"
    "the rejects file as {\"line\":N,\"part\":I,\"final\":B,\"reason\":...,\"sealed\":\"ps1...\"}:\n"
    "its bytes sealed under the key file, never in clear (privpol unseal opens them).\n"
    "A line longer than --max-line is sealed in parts of at most that size. Line\n"
    "numbers count from 1 across all inputs; input lines = output lines + rejected\n"
    "lines, always.\n\n"
    "  -k, --key FILE            key file (mode 0600; see privpol keygen)\n"
    "  -t, --tenant ID           tenant (customer) the data belongs to; the fallback\n"
    "                            of --tenant-field\n"
    "      --tenant-field NAME   top-level field giving each record's tenant; it must\n"
    "                            name a known tenant (--tenants, or the supplement's),\n"
    "                            else the line is rejected\n"
    "      --tenants LIST        the tenant ids --tenant-field may name, comma-separated\n"
    "  -r, --role R              processor (default) or controller\n"
    "  -p, --purpose P           purpose id of the role (default: the role's own,\n"
    "                            interaction_digitization for the processor)\n"
    "  -P, --policy FILE         the policy (default: the embedded default)\n"
    "  -s, --supplement FILE     a tenant's supplement layered on it (contract terms)\n"
    "      --contract-period DUR the tenant's contract period (ISO 8601, e.g. P13M)\n"
    "      --contract-end TIME   the end of the tenant's contract\n"
    "      --time-field NAME     field holding the event time (default: the policy's,\n"
    "                            such as ts); else the time of processing\n"
    "      --rejects FILE        reject records to FILE (created with mode 0600);\n"
    "                            default: standard error\n"
    "      --stats               a JSON summary on standard error at the end (and a\n"
    "                            progress line while it runs, when that is a terminal)\n"
    "  -j, --jobs N              worker threads (1 to 64; default 1)\n"
    "  -f, --format F            jsonl (default) or accesslog\n"
    "      --max-line BYTES      longest line processed (default 1048576)\n"
    "  -o, --output FILE         output file (default: standard output)\n"
    "  -h, --help                this text\n\n"
    "Without contract terms (--contract-period, or a --supplement with a contract),\n"
    "records get \"retain_until\": null, a warning is printed once and --stats counts\n"
    "them as no_terms.\n\n"
    "Exit status: 0 every line scrubbed; 65 some line rejected (after processing all);\n"
    "64 usage; 66 an input cannot be read; 73 an output cannot be created; 74 read or\n"
    "write error; 77 key file permissions; 78 bad key file or policy.\n";

#define DEFAULT_MAX_LINE ((size_t)1 << 20)
#define MAX_MAX_LINE ((size_t)1 << 30)
#define MAX_JOBS 64L

/* Same file (by device and inode) as one of the inputs or the output? */
static bool
same_file(const struct stat *a, const struct stat *b)
{
    return S_ISREG(a->st_mode) && S_ISREG(b->st_mode) && a->st_dev == b->st_dev &&
           a->st_ino == b->st_ino;
}

static bool
is_input(const struct scrub *S, const struct stat *sb)
{
    struct stat in;
    for (size_t i = 0; i < S->nfiles; i++)
        if (fstat(S->fds[i], &in) == 0 && same_file(&in, sb))
            return true;
    return false;
}

/* The purpose must be one of the role's. */
static bool
check_purpose(const privpol_policy *pol, privpol_role role, const char *purpose)
{
    size_t idx;
    privpol_role r;
    if (purpose == NULL)
        return true;
    if (privpol_policy_purpose_find(pol, purpose, &idx, NULL) == PRIVPOL_OK &&
        privpol_policy_purpose_role(pol, idx, &r, NULL) == PRIVPOL_OK && r == role)
        return true;
    cli_error(CMD, "--purpose: not a purpose of the %s; its purposes:",
              privpol_role_name(role));
    for (size_t i = 0; i < privpol_policy_purpose_count(pol); i++)
        if (privpol_policy_purpose_role(pol, i, &r, NULL) == PRIVPOL_OK && r == role)
            fprintf(stderr, "  %s\n", privpol_policy_purpose_id(pol, i));
    return false;
}

enum {
    OPT_TENANT_FIELD = 256,
    OPT_CONTRACT_PERIOD,
    OPT_CONTRACT_END,
    OPT_TIME_FIELD,
    OPT_REJECTS,
    OPT_STATS,
    OPT_MAX_LINE,
    OPT_TENANTS
};

/* Split a comma-separated list of tenant ids into list (pointers into text, which is
 * modified); false on an empty id, an id longer than 255 bytes or too many ids. */
static bool
split_tenants(char *text, const char **list, size_t cap, size_t *count)
{
    size_t n = 0;
    for (char *p = text;;) {
        char *comma = strchr(p, ',');
        if (comma != NULL)
            *comma = '\0';
        if (*p == '\0' || strlen(p) > 255 || n == cap)
            return false;
        list[n++] = p;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    *count = n;
    return true;
}

/* Open the inputs, the output and the rejects file. */
static int
open_files(struct scrub *S, char **inputs, int ninputs, const char *out_path,
           const char *rej_path)
{
    struct stat out_sb, rej_sb;
    bool have_out = false;

    S->nfiles = ninputs > 0 ? (size_t)ninputs : 1;
    S->fds = calloc(S->nfiles, sizeof *S->fds);
    S->names = calloc(S->nfiles, sizeof *S->names);
    if (S->fds == NULL || S->names == NULL) {
        cli_error(CMD, "out of memory");
        return EXIT_IOERR;
    }
    for (size_t i = 0; i < S->nfiles; i++)
        S->fds[i] = -1;
    for (size_t i = 0; i < S->nfiles; i++) {
        const char *p = ninputs > 0 ? inputs[i] : "-";
        struct stat sb;
        if (strcmp(p, "-") == 0) {
            S->fds[i] = STDIN_FILENO;
            S->names[i] = "standard input";
            continue;
        }
        S->names[i] = p;
        if ((S->fds[i] = open(p, O_RDONLY | O_CLOEXEC)) < 0) {
            cli_error(CMD, "cannot open %s: %s", p, strerror(errno));
            return EXIT_NOINPUT;
        }
        if (fstat(S->fds[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
            cli_error(CMD, "cannot read %s: a directory", p);
            return EXIT_NOINPUT;
        }
    }

    if (out_path != NULL && strcmp(out_path, "-") != 0) {
        if (stat(out_path, &out_sb) == 0) {
            have_out = true;
            if (is_input(S, &out_sb)) {
                cli_error(CMD, "-o %s: the output cannot be an input", out_path);
                return EXIT_USAGE;
            }
        }
    } else if (fstat(STDOUT_FILENO, &out_sb) == 0) {
        have_out = true;
        if (is_input(S, &out_sb)) {
            cli_error(CMD, "the output cannot be an input");
            return EXIT_USAGE;
        }
    }
    if (rej_path != NULL) {
        if (out_path != NULL && strcmp(rej_path, out_path) == 0) {
            cli_error(CMD, "--rejects %s: the rejects file cannot be the output", rej_path);
            return EXIT_USAGE;
        }
        if (stat(rej_path, &rej_sb) == 0 &&
            (is_input(S, &rej_sb) || (have_out && same_file(&rej_sb, &out_sb)))) {
            cli_error(CMD, "--rejects %s: the rejects file cannot be an input or the output",
                      rej_path);
            return EXIT_USAGE;
        }
        for (int i = 0; i < ninputs; i++)
            if (strcmp(rej_path, inputs[i]) == 0) {
                cli_error(CMD, "--rejects %s: the rejects file cannot be an input",
                          rej_path);
                return EXIT_USAGE;
            }
    }

    S->out_fd = STDOUT_FILENO;
    S->out_name = "standard output";
    if (out_path != NULL && strcmp(out_path, "-") != 0) {
        S->out_name = out_path;
        if ((S->out_fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) <
            0) {
            cli_error(CMD, "cannot create %s: %s", out_path, strerror(errno));
            return EXIT_CANTCREAT;
        }
    }
    S->rej_fd = STDERR_FILENO;
    S->rej_name = "standard error";
    if (rej_path != NULL) {
        struct stat sb;
        S->rej_name = rej_path;
        /* 0600 at creation; an existing regular file is narrowed to 0600 before any
         * record goes in (a device such as /dev/null is left alone) */
        if ((S->rej_fd = open(rej_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) <
                0 ||
            fstat(S->rej_fd, &sb) != 0 || (S_ISREG(sb.st_mode) && fchmod(S->rej_fd, 0600) != 0)) {
            cli_error(CMD, "cannot create %s: %s", rej_path, strerror(errno));
            return EXIT_CANTCREAT;
        }
    }
    return EXIT_OK;
}

int
cmd_scrub(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"tenant", required_argument, NULL, 't'},
        {"tenant-field", required_argument, NULL, OPT_TENANT_FIELD},
        {"tenants", required_argument, NULL, OPT_TENANTS},
        {"role", required_argument, NULL, 'r'},
        {"purpose", required_argument, NULL, 'p'},
        {"policy", required_argument, NULL, 'P'},
        {"supplement", required_argument, NULL, 's'},
        {"contract-period", required_argument, NULL, OPT_CONTRACT_PERIOD},
        {"contract-end", required_argument, NULL, OPT_CONTRACT_END},
        {"time-field", required_argument, NULL, OPT_TIME_FIELD},
        {"rejects", required_argument, NULL, OPT_REJECTS},
        {"stats", no_argument, NULL, OPT_STATS},
        {"jobs", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'},
        {"max-line", required_argument, NULL, OPT_MAX_LINE},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *role_text = "processor", *policy_path = NULL;
    const char *supplement_path = NULL, *out_path = NULL, *rej_path = NULL;
    privpol_retention_terms terms = PRIVPOL_RETENTION_TERMS_INIT;
    privpol_ctx_options ctx_opts = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_policy *pol = NULL;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    privpol_role role;
    struct scrub S;
    static const char *tenants[256];
    char *end;
    uint64_t max_line;
    int c, rc;

    memset(&S, 0, sizeof S);
    S.tag = (privpol_record_request)PRIVPOL_RECORD_REQUEST_INIT;
    S.max_line = DEFAULT_MAX_LINE;
    S.jobs = 1;
    S.out_fd = S.rej_fd = -1;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "k:t:r:p:P:s:j:f:o:h", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 't': S.tag.tenant = optarg; break;
        case OPT_TENANT_FIELD: S.tag.tenant_field = optarg; break;
        case OPT_TENANTS:
            if (!split_tenants(optarg, tenants, sizeof tenants / sizeof *tenants,
                               &S.tag.tenant_count)) {
                cli_error(CMD, "--tenants: expected at most 256 comma-separated tenant ids "
                               "of 1 to 255 bytes");
                return EXIT_USAGE;
            }
            S.tag.tenants = tenants;
            break;
        case 'r': role_text = optarg; break;
        case 'p': S.tag.purpose = optarg; break;
        case 'P': policy_path = optarg; break;
        case 's': supplement_path = optarg; break;
        case OPT_CONTRACT_PERIOD:
            if (privpol_duration_parse(optarg, strlen(optarg), &terms.contract_period,
                                       &err) != PRIVPOL_OK) {
                cli_error(CMD, "--contract-period: %s (column %zu); expected an ISO 8601 "
                               "duration such as P13M or P90D",
                          err.message, err.column);
                return EXIT_USAGE;
            }
            terms.has_contract_period = true;
            break;
        case OPT_CONTRACT_END:
            if (!cli_parse_time(CMD, "--contract-end", optarg, false, &terms.contract_end))
                return EXIT_USAGE;
            terms.has_contract_end = true;
            break;
        case OPT_TIME_FIELD: S.tag.time_field = optarg; break;
        case OPT_REJECTS: rej_path = optarg; break;
        case OPT_STATS: S.stats = true; break;
        case 'j':
            errno = 0;
            S.jobs = strtol(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || S.jobs < 1 ||
                S.jobs > MAX_JOBS) {
                cli_error(CMD, "-j: expected a number of threads from 1 to %ld", MAX_JOBS);
                return EXIT_USAGE;
            }
            break;
        case 'f':
            if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "json") == 0)
                S.accesslog = false;
            else if (strcmp(optarg, "accesslog") == 0)
                S.accesslog = true;
            else {
                cli_error(CMD, "--format: expected jsonl or accesslog");
                return EXIT_USAGE;
            }
            break;
        case OPT_MAX_LINE:
            if (!cli_parse_count(optarg, MAX_MAX_LINE, &max_line)) {
                cli_error(CMD, "--max-line: expected a number of bytes from 1 to %zu",
                          MAX_MAX_LINE);
                return EXIT_USAGE;
            }
            S.max_line = (size_t)max_line;
            break;
        case 'o': out_path = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option(CMD, argv, c);
        }
    }
    if (keyfile == NULL || (S.tag.tenant == NULL && S.tag.tenant_field == NULL)) {
        return cli_usage(CMD, "-k KEYFILE and -t TENANT (or --tenant-field NAME) are required");
    }
    if (privpol_role_from_name(role_text, &role, NULL) != PRIVPOL_OK) {
        cli_error(CMD, "--role: expected controller or processor");
        return EXIT_USAGE;
    }
    S.tag.role = role;
    if (terms.has_contract_period || terms.has_contract_end)
        S.tag.terms = &terms;

    if ((rc = cli_load_policy(CMD, policy_path, supplement_path, &pol)) != EXIT_OK)
        return rc;
    if (!check_purpose(pol, role, S.tag.purpose)) {
        privpol_policy_free(pol);
        return EXIT_USAGE;
    }
    if (S.tag.tenant_field != NULL && S.tag.tenant_count == 0 &&
        privpol_policy_tenant(pol) == NULL) {
        cli_error(CMD, "--tenant-field needs the tenants it may name: --tenants LIST (or a "
                       "--supplement, whose tenant it may name)");
        privpol_policy_free(pol);
        return EXIT_USAGE;
    }
    ctx_opts.role = role;
    ctx_opts.policy = pol;
    if ((rc = cli_open_context_opts(CMD, keyfile, &ctx_opts, NULL, &ctx)) != EXIT_OK) {
        privpol_policy_free(pol);
        return rc;
    }
    S.ctx = ctx;
    S.seal_at = (int64_t)time(NULL);
    S.last_lf = true;
    S.tty = S.stats && isatty(STDERR_FILENO);
    pthread_mutex_init(&S.mu, NULL);
    pthread_cond_init(&S.work_cv, NULL);
    pthread_cond_init(&S.done_cv, NULL);

    if ((rc = open_files(&S, argv + optind, argc - optind, out_path, rej_path)) == EXIT_OK &&
        (rc = scrub_start_workers(&S)) == EXIT_OK) {
        clock_gettime(CLOCK_MONOTONIC, &S.t0);
        S.last_progress = S.t0;
        scrub_run(&S);
        rc = S.rc;
        scrub_stop_workers(&S);
        if (rc == EXIT_OK && S.out_fd != STDOUT_FILENO && close(S.out_fd) != 0) {
            cli_error(CMD, "cannot write %s", S.out_name);
            rc = EXIT_IOERR;
        }
        S.out_fd = -1;
        if (rc == EXIT_OK && S.rej_fd != STDERR_FILENO && close(S.rej_fd) != 0) {
            cli_error(CMD, "cannot write %s", S.rej_name);
            rc = EXIT_IOERR;
        }
        S.rej_fd = -1;
        if (S.stats)
            scrub_stats_print(&S, scrub_seconds_since(&S.t0));
        else if (S.progress_shown)
            fputc('\n', stderr);
        if (rc == EXIT_OK && S.total.rejected > 0)
            rc = EXIT_DATAERR;
    } else {
        scrub_stop_workers(&S);
    }
    for (size_t i = 0; S.fds != NULL && i < S.nfiles; i++)
        if (S.fds[i] > STDIN_FILENO)
            close(S.fds[i]);
    free(S.fds);
    free(S.names);
    if (S.out_fd > STDERR_FILENO)
        close(S.out_fd);
    if (S.rej_fd > STDERR_FILENO)
        close(S.rej_fd);
    pthread_mutex_destroy(&S.mu);
    pthread_cond_destroy(&S.work_cv);
    pthread_cond_destroy(&S.done_cv);
    privpol_ctx_free(ctx);
    privpol_policy_free(pol);
    return rc;
}
