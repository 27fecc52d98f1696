/**
 * The console's entry: reads `/config.json`, finishes a sign-in callback if this is one, then
 * renders the signed-in pages or the sign-in page. No inline script anywhere: index.html loads
 * this bundle as a module from the console's own origin (the CSP allows `script-src 'self'` only).
 */
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { createApi } from "./api";
import { ApprovalsPage, ItemPage, ItemsPage, matchRoute, NotFoundPage, PublishedPage, Shell, SignedOutPage } from "./app";
import { type Auth, createAuth, type Identity } from "./auth";
import { CALLBACK_PATH, type ConsoleConfig, SIGNED_OUT_PATH } from "./config";
import "./styles.css";

const TITLES = { items: "My items", item: "Item", approvals: "Approvals", published: "Published", "not-found": "Not found" } as const;

function App({ config, auth, initialUser, initialError }: { config: ConsoleConfig; auth: Auth; initialUser?: Identity; initialError?: string }) {
    const [path, setPath] = useState(window.location.pathname);
    const [me, setMe] = useState(initialUser);
    const [region, setRegion] = useState<string>();
    const api = useMemo(() => createApi(config.api, { token: () => auth.idToken(), onRegion: setRegion }), [config, auth]);
    useEffect(() => {
        const onPop = () => setPath(window.location.pathname);
        window.addEventListener("popstate", onPop);
        return () => window.removeEventListener("popstate", onPop);
    }, []);
    const navigate = (to: string) => {
        if (to !== window.location.pathname) window.history.pushState(null, "", to);
        setPath(to);
    };
    const route = matchRoute(path);
    useEffect(() => { document.title = `${me ? TITLES[route.page] : "Sign in"} · Platform console`; }, [route.page, me]);

    if (!me) {
        return <SignedOutPage signedOut={path === SIGNED_OUT_PATH} error={initialError} onSignIn={() => void auth.signIn(path === SIGNED_OUT_PATH ? "/items" : path)} />;
    }
    const ctx = { api, me, navigate };
    const page = route.page === "items" ? <ItemsPage {...ctx} />
        : route.page === "item" ? <ItemPage key={route.id} {...ctx} id={route.id!} />
            : route.page === "approvals" ? <ApprovalsPage {...ctx} />
                : route.page === "published" ? <PublishedPage {...ctx} />
                    : <NotFoundPage {...ctx} />;
    return (
        <Shell ctx={ctx} path={path} region={region} stack={config.stack} onSignOut={() => { setMe(undefined); void auth.signOut(); }}>
            {/* A new page, a new subtree: its heading takes focus. */}
            <div key={path}>{page}</div>
        </Shell>
    );
}

async function start(): Promise<void> {
    const root = document.getElementById("app")!;
    const res = await fetch("/config.json", { cache: "no-store" });
    if (!res.ok) throw new Error(`config.json: ${res.status}`);
    const config = (await res.json()) as ConsoleConfig;
    const auth = createAuth(config.auth);
    let error: string | undefined;
    if (window.location.pathname === CALLBACK_PATH) {
        try {
            const returnTo = await auth.completeSignIn();
            window.history.replaceState(null, "", returnTo);
        } catch (e) {
            error = `Sign-in did not complete: ${e instanceof Error ? e.message : String(e)}`;
            window.history.replaceState(null, "", "/");
        }
    }
    const user = await auth.current();
    if (user && window.location.pathname === SIGNED_OUT_PATH) window.history.replaceState(null, "", "/items");
    render(<App config={config} auth={auth} initialUser={user} initialError={error} />, root);
}

start().catch(e => {
    const root = document.getElementById("app")!;
    render(<main id="main"><h1>The console could not start</h1><p role="alert">{e instanceof Error ? e.message : String(e)}</p></main>, root);
});
