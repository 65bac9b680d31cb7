// Starts GOV.UK Frontend. Loaded as an ES module (<script type="module">), so it runs
// only in browsers that GOV.UK Frontend supports, after the document is parsed.
// The page's Content Security Policy allows no inline script, so the body classes that
// GOV.UK's page template sets inline are set here instead.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
