/** `--help` of the publishing, IAP and statistics commands. */
import { EXIT_CODES_HELP } from './exit-codes.js';
import { GALAXY, options } from './help-options.js';

const UPLOAD = ['upload-url', 'upload-timeout'];

export const PUBLISHING_HELP: Record<string, string> = {
  apps: `Usage: samsung-auth apps list|show [options]

  list                     every app of the seller (contentList)
  show --content-id ID     one app, live and draft told apart: status, versions, binaries

${options([...GALAXY, 'content-id'])}

${EXIT_CODES_HELP}
`,
  publish: `Usage: samsung-auth publish --content-id ID --file PATH [--file PATH ...] [options]

Publishes binaries to an app, each step checked by reading contentInfo: opens the app's draft
(contentUpdate, never a binaryList), uploads each file (streamed; unique name
<name>-<UTC timestamp>.<ext>; size checked), adds each binary (gms and device setup copied from
the newest live binary), optionally removes the older ones and submits. An answer lost after a
change is resolved by reading the app back: a retried or re-run publish never adds a binary
twice. --dry-run reads only and prints the plan. Progress goes to stderr.

${options([...GALAXY, ...UPLOAD, 'content-id', 'file', 'release-notes', 'release-notes-file', 'gms', 'replace-binaries', 'submit', 'dry-run'])}

${EXIT_CODES_HELP}
`,
  submit: `Usage: samsung-auth submit --content-id ID [options]

Submits the app's draft for review (contentSubmit). A lost answer is resolved by reading the status.

${options([...GALAXY, 'content-id'])}

${EXIT_CODES_HELP}
`,
  'go-live': `Usage: samsung-auth go-live --content-id ID [options]

Puts a version that passed review on sale (contentStatusUpdate FOR_SALE; for publicationType 03).

${options([...GALAXY, 'content-id'])}

${EXIT_CODES_HELP}
`,
  status: `Usage: samsung-auth status --content-id ID [--wait [--wait-timeout SECONDS]] [options]

Prints the app's status (its draft's when there is one). With --wait, polls until review ends;
exit 0 when approved or live, 1 when rejected, 6 when the wait ran out.

${options([...GALAXY, 'content-id', 'wait', 'wait-timeout', 'wait-interval'])}

${EXIT_CODES_HELP}
`,
  rollout: `Usage: samsung-auth rollout show|set|complete --content-id ID [options]

  show       the staged rollout's rates and binaries
  set        raise the rate (--rate N, --country KOR=20 ...); Samsung refuses to lower it
  complete   end the staged rollout: everyone gets the version (DISABLE_ROLLOUT)

${options([...GALAXY, 'content-id', 'rate', 'country', 'app-status', 'binary'])}

${EXIT_CODES_HELP}
`,
  iap: `Usage: samsung-auth iap list|get|put|patch|delete --package NAME [options]

  list                         the app's in-app items
  get --item-id ID             one item
  put --file item.json         create the item, or replace it whole if its id exists
  patch --file change.json     change an item's title or prices ({"id", "title"?, "prices"?})
  delete --item-id ID          remove an item
Changes are live at once, even on a live app.

${options([...GALAXY, 'package', 'item-id', 'item-file', 'page'])}

${EXIT_CODES_HELP}
`,
  stats: `Usage: samsung-auth stats --metric M[,M...] --from YYYY-MM-DD --to YYYY-MM-DD [options]

GSS statistics (a token with the "gss" scope; the default here), one row per day (or week,
month), app and metric: sellerMetric for every app, contentMetric with --content-id.

${options([...GALAXY, 'metric', 'from', 'content-id', 'by', 'csv'])}

${EXIT_CODES_HELP}
`,
};
