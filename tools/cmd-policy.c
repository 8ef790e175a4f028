/* SPDX-License-Identifier: MIT */
/* privpol policy: check policy and supplement files, show the effective policy
 * (docs/policy-format.md). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: privpol policy check [--policy FILE] FILE...\n"
    "       privpol policy show [--policy FILE] [--supplement FILE] [--format "
    "yaml|json]\n\n"
    "check: validate each FILE, a policy (privpol-policy: 1) or a tenant's supplement\n"
    "(privpol-supplement: 1), which is checked layered on the embedded default policy "
    "or\n"
    "on --policy. Prints 'FILE: ok (...)' on standard output, or 'FILE:LINE:COLUMN:\n"
    "message' on standard error for the first problem of a file. Exit 0 when all are\n"
    "valid, 78 when one is not, 66 when one cannot be read.\n\n"
    "show: print the effective policy: the embedded default, or --policy, with\n"
    "--supplement layered on it; YAML (a policy file) or JSON.\n\n"
    "  -p, --policy FILE       the policy (default: the embedded default policy)\n"
    "  -s, --supplement FILE   a tenant's supplement to layer on it (show)\n"
    "  -f, --format FORMAT     yaml (default) or json (show)\n"
    "  -h, --help              this text\n";

/* Read a whole file; EXIT_OK, EXIT_NOINPUT (message printed) or EXIT_CONFIG (too big). */
static int
read_file(const char *path, char **out, size_t *out_len)
{
    FILE *f;
    char *buf;
    size_t n;

    *out = NULL;
    if ((f = fopen(path, "rb")) == NULL) {
        fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
        return EXIT_NOINPUT;
    }
    if ((buf = malloc(PRIVPOL_POLICY_MAX_BYTES + 1)) == NULL) {
        fclose(f);
        fprintf(stderr, "%s: out of memory\n", path);
        return EXIT_IOERR;
    }
    n = fread(buf, 1, PRIVPOL_POLICY_MAX_BYTES + 1, f);
    if (ferror(f)) {
        fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
        fclose(f);
        free(buf);
        return EXIT_NOINPUT;
    }
    fclose(f);
    if (n > PRIVPOL_POLICY_MAX_BYTES) {
        fprintf(stderr, "%s: larger than %u bytes\n", path, PRIVPOL_POLICY_MAX_BYTES);
        free(buf);
        return EXIT_CONFIG;
    }
    *out = buf;
    *out_len = n;
    return EXIT_OK;
}

/* A supplement starts a line with its format key; anything else is read as a policy. */
static bool
is_supplement(const char *text, size_t len)
{
    static const char key[] = "privpol-supplement:";
    const char *p = text, *end = text + len, *nl;
    while (p < end) {
        if ((size_t)(end - p) >= sizeof key - 1 && memcmp(p, key, sizeof key - 1) == 0)
            return true;
        if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
            break;
        p = nl + 1;
    }
    return false;
}

static void
print_error(const char *path, const privpol_error *err)
{
    if (err->line > 0)
        fprintf(stderr, "%s:%zu:%zu: %s\n", path, err->line, err->column, err->message);
    else
        fprintf(stderr, "%s: %s\n", path, err->message);
}

static int
check(int argc, char **argv)
{
    static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *base_path = NULL;
    privpol_policy *base = NULL;
    int c, rc = EXIT_OK;
    bool missing = false, bad = false;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "p:h", opts)) != -1) {
        switch (c) {
        case 'p':
            base_path = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            return cli_bad_option("policy", argv, c);
        }
    }
    if (optind >= argc) {
        return cli_usage("policy", "check: name at least one FILE");
    }
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        privpol_policy *pol = NULL;
        privpol_error err;
        privpol_status st;
        char *text;
        size_t len;
        bool supplement;
        int r = read_file(path, &text, &len);
        if (r != EXIT_OK) {
            missing |= r == EXIT_NOINPUT;
            bad |= r != EXIT_NOINPUT;
            continue;
        }
        supplement = is_supplement(text, len);
        if (supplement && base == NULL &&
            (rc = cli_load_policy("policy", base_path, NULL, &base)) != EXIT_OK) {
            free(text);
            return rc;
        }
        st = supplement ? privpol_policy_supplement(base, text, len, &pol, &err)
                        : privpol_policy_parse(text, len, NULL, &pol, &err);
        free(text);
        if (st != PRIVPOL_OK) {
            print_error(path, &err);
            bad = true;
            continue;
        }
        if (supplement)
            printf("%s: ok (supplement for tenant %s on policy %s %s, %zu purposes)\n",
                   path, privpol_policy_tenant(pol), privpol_policy_id(pol),
                   privpol_policy_version(pol), privpol_policy_purpose_count(pol));
        else
            printf("%s: ok (policy %s %s, %zu purposes)\n", path, privpol_policy_id(pol),
                   privpol_policy_version(pol), privpol_policy_purpose_count(pol));
        privpol_policy_free(pol);
    }
    privpol_policy_free(base);
    return missing ? EXIT_NOINPUT : bad ? EXIT_CONFIG : EXIT_OK;
}

static int
write_stdout(const char *data, size_t len, void *payload)
{
    (void)payload;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

static int
show(int argc, char **argv)
{
    static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
                                         {"supplement", required_argument, NULL, 's'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *base_path = NULL, *supplement_path = NULL;
    privpol_policy_format format = PRIVPOL_POLICY_YAML;
    privpol_policy *pol = NULL;
    privpol_status st;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "p:s:f:h", opts)) != -1) {
        switch (c) {
        case 'p':
            base_path = optarg;
            break;
        case 's':
            supplement_path = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "yaml") == 0) {
                format = PRIVPOL_POLICY_YAML;
            } else if (strcmp(optarg, "json") == 0) {
                format = PRIVPOL_POLICY_JSON;
            } else {
                cli_error("policy", "--format: expected yaml or json");
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            return cli_bad_option("policy", argv, c);
        }
    }
    if (optind != argc) {
        cli_error("policy", "show takes no FILE argument: use --policy or --supplement");
        return EXIT_USAGE;
    }
    if ((rc = cli_load_policy("policy", base_path, supplement_path, &pol)) != EXIT_OK)
        return rc;
    st = privpol_policy_write(pol, format, write_stdout, NULL, NULL);
    privpol_policy_free(pol);
    if (st != PRIVPOL_OK) {
        cli_error("policy", "cannot write standard output");
        return EXIT_IOERR;
    }
    return EXIT_OK;
}

int
cmd_policy(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("policy", "expected a subcommand, check or show");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "check") == 0)
        return check(argc - 1, argv + 1);
    if (strcmp(argv[1], "show") == 0)
        return show(argc - 1, argv + 1);
    if (argv[1][0] == '-')
        return cli_usage("policy", "unknown option '%s'", argv[1]);
    return cli_usage("policy", "unknown subcommand '%s': expected check or show", argv[1]);
}
