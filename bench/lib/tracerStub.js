// A pass-through stand-in for @aws-lambda-powertools/tracer: the cold-start benchmark bundles the
// handlers with it to measure what the real tracer (and the X-Ray SDK it loads) costs.
"use strict";
class Tracer {
    captureAWSv3Client(client) { return client; }
}
module.exports = { Tracer };
