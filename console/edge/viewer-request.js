// CloudFront Function (runtime cloudfront-js-2.0), viewer request, on the web console's
// distribution. The same file runs in the local platform's console server (local/console.ts)
// and in tests (tests/console/viewerRequest.spec.ts); components/webConsole.ts deploys it.
//
// The console is a single-page app: its routes (/items, /items/abc, /approvals, /callback...)
// are not files. A request whose last path segment has no dot is an app route and gets
// /index.html, the one page (not /<route>/index.html, which AWS's directory-index sample would
// ask S3 for and which does not exist). Paths with a dot in their last segment are files
// (/assets/app-3F2A.js, /config.json, /favicon.svg) and pass unchanged, so a missing asset is
// a 403/404 instead of the page in disguise. The query string is left alone (the sign-in
// callback's ?code=&state= stays in the browser's address; the cache policy ignores it).
//
// Runtime limits respected: ES 5.1 plus let/const, no require, no module.exports, well under
// the 10 KB code limit.
// https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
function handler(event) {
    var request = event.request;
    var uri = request.uri;
    var last = uri.slice(uri.lastIndexOf('/') + 1);
    if (last.indexOf('.') === -1) {
        request.uri = '/index.html';
    }
    return request;
}
