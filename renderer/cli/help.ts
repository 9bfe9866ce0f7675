// What `zta --help` and `zta <command> --help` print. Flags keep `crossplane render`'s long names
// and meanings; `-o` stays the output format (as in `crossplane beta trace`), so --observed-resources
// has no short form here (crossplane render's is -o).

export const EXIT_CODES = `exit codes:
  0  rendered (or valid), every object Ready
  1  problems found: invalid claims, objects the API server would refuse, objects not Ready,
     a render that did not settle, a fault that remains
  2  bad input: unreadable file, YAML kubectl would refuse, unknown flag or kind
  3  internal error (a bug in zta: please report it)`;

export const MAIN_HELP = `zta: render and validate this package's claims offline, as Crossplane and the API server would

usage:
  zta render CLAIM_OR_XR [COMPOSITION|XRD|FUNCTIONS ...] [flags]
  zta validate [PATH ...] [flags]
  zta --version
  zta COMMAND --help

Files are read as kubectl reads them (YAML 1.1: yes/no/on/off are booleans, 010 is octal, 1_000 is
1000, merge keys; duplicate keys refused). A PATH may be a file, a directory or - (stdin).

${EXIT_CODES}`;

export const RENDER_HELP = `zta render: render a claim or XR through the Compositions to convergence

usage:
  zta render CLAIM_OR_XR [COMPOSITION|XRD|FUNCTIONS ...] [flags]

The claim is validated first (as zta validate does); an invalid claim is not rendered (exit 1).
Compositions and XRDs default to dist/apis (--apis DIR). Each pass is one reconcile of every
controller; the simulated provider reports what AWS would (ARNs, ids).

flags (crossplane render's names and meanings):
  -e, --extra-resources PATH      objects in the cluster the functions may require, e.g. deploy/onboarding
      --required-resources PATH   (the EnvironmentConfig binding the claim's namespace to its account)
      --observed-resources PATH   composed resources that already exist (crossplane render's -o)
  -r, --include-function-results  print the functions' results as objects of kind Result
  -x, --include-full-xr           the XR's spec and metadata as given, not only what the pipeline returned
      --xrd PATH                  an XRD file (also accepted as a positional file)
      --timeout DURATION          fail when rendering took longer (Go duration: 90s, 1m; default: no limit)
  (--include-context, --context-files, --context-values and --function-credentials are refused:
   the emulated functions run in-process, without a shared context or credentials to pass)

flags of zta:
  -o, --output tree|yaml|json|summary
                                  tree (default on a terminal): claim, composite, nested composites
                                  and resources with composition-resource name, AWS name or ARN,
                                  SYNCED, READY and the reason when not; yaml (default otherwise)
                                  and json: every object; summary: one line per object
      --fault NAME=deleted|deleting|error:MESSAGE
                                  state a fault of the composed resource(s) named NAME (their
                                  composition-resource-name), repeatable: see below
      --single-pass               one reconcile and no provider, like crossplane render
      --max-passes N              stop after N passes (default 25)
      --account-id ID, --region R the AWS account and region of the ARNs (default: the binding)
      --apis DIR                  the package's XRDs and Compositions (default dist/apis)
      --delete [--delete-policy Background|Foreground]
                                  then delete the claim and print the order objects go

faults (applied to the observed resources, else to the converged render):
  deleted        the object is gone: the composite composes it again, the provider recreates it
  error:MESSAGE  the provider fails with MESSAGE: Synced=False and not Ready; the composite and the
                 claim are not Ready while it lasts, and name the resource
  deleting       a DELETE of the object: refused by the Usage webhook when a Usage protects it,
                 else the object is Deleting (not Ready) until the provider has deleted it

examples:
  zta render examples/claims/payments-dev/payments-dev.yaml -e deploy/onboarding
  zta render examples/claims/payments-dev/payments-dev.yaml -e deploy/onboarding -o yaml > rendered.yaml
  zta render examples/claims/payments-dev/payments-dev.yaml -e deploy/onboarding --fault trail=error:AccessDenied
  zta render xr.yaml composition.yaml functions.yaml --single-pass -r

${EXIT_CODES}`;

export const VALIDATE_HELP = `zta validate: would the API server admit these claims and everything they create?

usage:
  zta validate [PATH ...] [flags]      (PATH: file, directory, or - for stdin; default - when piped)

Each claim or XR of this package is checked against its XRD's schema and CEL rules, then rendered,
and every nested composite and resource it creates is checked against its own schema and rules;
a refusal is reported on the claim's own field when the value came from one. Other kinds are
skipped with a warning. One line per problem; enums say what you probably meant.

flags:
  -e, --extra-resources PATH   cluster objects the compositions need (default deploy/onboarding
                               when it exists and --apis is not given)
      --apis DIR               the package's XRDs and Compositions (default dist/apis)
      --no-tree                check each claim against its own XRD only (no render)

examples:
  zta validate examples/claims
  cat claim.yaml | zta validate -
  zta validate claim.yaml --no-tree

${EXIT_CODES}`;
