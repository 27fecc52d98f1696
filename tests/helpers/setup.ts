// Loaded by mocha before any spec (see .mocharc.json).
// The AWS SDK v3 warns on Node 20 at every client construction; the tests run on Node 20 by design.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
