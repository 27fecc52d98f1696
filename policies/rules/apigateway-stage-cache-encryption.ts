/** [APIGateway.5] Cached responses are encrypted at rest. */
import { block, resourceRule } from "./lib";

export const apigatewayStageCacheEncryption = resourceRule({
    name: "apigateway-stage-cache-encryption",
    description: "[APIGateway.5] REST API method settings that enable caching also encrypt the cache at rest.",
    controls: ["APIGateway.5"],
    level: "mandatory",
    severity: "medium",
    remediation: "set settings.cacheDataEncrypted = true wherever settings.cachingEnabled is true",
}, ["aws:apigateway/methodSettings:MethodSettings"], props => {
    const s = block(props.settings);
    return s?.cachingEnabled === true && s.cacheDataEncrypted !== true ? [`caching is on for ${props.methodPath ?? "a method"} without cache encryption`] : [];
});
