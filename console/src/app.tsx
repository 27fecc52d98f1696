/**
 * The console's pages: my items (list, create, edit with version, stale edits and conflict copies,
 * approval requests, outcome notices), the approvers' inbox, and what was published. Preact keeps
 * the pages declarative for ~5 KB gzipped; routing is the History API (the CloudFront function
 * serves `index.html` for every app path).
 *
 * Accessibility: one `main` landmark and one `h1` per page, focus moved to the heading on every
 * navigation, every field labelled, errors in `role="alert"` and outcomes in `role="status"`,
 * the current page marked with `aria-current`, keyboard-only use (native links, buttons, forms).
 */
import type { ComponentChildren, TargetedEvent } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type ApprovalRequest, type ConflictCopy, type ConsoleApi, type Item, type Notice, type PublishedItem } from "./api";
import type { Identity } from "./auth";

/** What every page gets. */
export interface PageContext {
    readonly api: ConsoleApi;
    readonly me: Identity;
    readonly navigate: (path: string) => void;
}

const APPROVERS = "approvers";

/** Routes of the console, most specific first. */
export function matchRoute(path: string): { page: "items" | "item" | "approvals" | "published" | "not-found"; id?: string } {
    if (path === "/" || path === "/items") return { page: "items" };
    const item = /^\/items\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (item) return { page: "item", id: item[1] };
    if (path === "/approvals") return { page: "approvals" };
    if (path === "/published") return { page: "published" };
    return { page: "not-found" };
}

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "");

function message(e: unknown): string {
    if (e instanceof ApiError) return `${e.message} (${e.status}${e.code && !e.code.startsWith("HTTP_") ? ` ${e.code}` : ""})`;
    return e instanceof Error ? e.message : String(e);
}

/** The page heading: focused on arrival so screen readers announce the new page. */
function Heading({ children }: { children: ComponentChildren }) {
    const ref = useRef<HTMLHeadingElement>(null);
    useEffect(() => { ref.current?.focus(); }, []);
    return <h1 tabIndex={-1} ref={ref}>{children}</h1>;
}

function Alert({ children }: { children?: ComponentChildren }) {
    return <div role="alert" class="alert">{children}</div>;
}

/** A polite live region that is always present, so its changes are announced. */
function Status({ text }: { text: string }) {
    return <p role="status" class={text ? "status" : "status empty"}>{text}</p>;
}

/** A link handled by the router (still a real link: new tab, copy address, keyboard). */
function Link({ href, navigate, children, current }: { href: string; navigate: (p: string) => void; children: ComponentChildren; current?: boolean }) {
    const onClick = (e: MouseEvent) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
    };
    return <a href={href} onClick={onClick} aria-current={current ? "page" : undefined}>{children}</a>;
}

/** Loads once per `key`, with loading and error states. */
function useLoad<T>(load: () => Promise<T>, key: unknown[]): { data?: T; error?: string; reload: () => void } {
    const [state, setState] = useState<{ data?: T; error?: string }>({});
    const [tick, setTick] = useState(0);
    useEffect(() => {
        let live = true;
        load().then(data => live && setState({ data }), e => live && setState({ error: message(e) }));
        return () => { live = false; };
    }, [...key, tick]);
    return { ...state, reload: useCallback(() => setTick(t => t + 1), []) };
}

const tagsOf = (text: string) => text.split(",").map(t => t.trim()).filter(Boolean);

/** Title, body and tags, labelled; `prefix` keeps ids unique when two forms share a page. */
function ItemFields({ prefix, title, body, tags, onInput }: {
    prefix: string; title: string; body: string; tags: string;
    onInput: (field: "title" | "body" | "tags", value: string) => void;
}) {
    const on = (field: "title" | "body" | "tags") => (e: TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => onInput(field, e.currentTarget.value);
    return (
        <>
            <label for={`${prefix}-title`}>Title</label>
            <input id={`${prefix}-title`} name="title" required maxLength={200} value={title} onInput={on("title")} />
            <label for={`${prefix}-body`}>Text</label>
            <textarea id={`${prefix}-body`} name="body" rows={4} value={body} onInput={on("body")} />
            <label for={`${prefix}-tags`}>Tags <span class="hint">(comma-separated)</span></label>
            <input id={`${prefix}-tags`} name="tags" value={tags} onInput={on("tags")} />
        </>
    );
}

function NoticeList({ notices }: { notices: readonly Notice[] }) {
    const sorted = [...notices].sort((a, b) => b.at.localeCompare(a.at)).slice(0, 10);
    const words: Record<string, string> = { PUBLISHED: "was approved and published", REJECTED: "was rejected", EXPIRED: "expired without a decision", FAILED: "failed" };
    return (
        <section aria-labelledby="notices-heading">
            <h2 id="notices-heading">Approval outcomes</h2>
            {sorted.length === 0 ? <p>No approval requests have ended yet.</p> : (
                <ul class="notices">
                    {sorted.map(n => (
                        <li key={n.requestId} class={`notice notice-${n.outcome.toLowerCase()}`}>
                            Your request to publish <strong>{n.title ?? n.itemId}</strong> {words[n.outcome] ?? `ended ${n.outcome}`} <span class="meta">({when(n.at)})</span>
                        </li>
                    ))}
                </ul>
            )}
        </section>
    );
}

export function ItemsPage({ api, navigate }: PageContext) {
    const items = useLoad(() => api.listItems(), []);
    const notices = useLoad(() => api.listNotices(), []);
    const [form, setForm] = useState({ title: "", body: "", tags: "" });
    const [status, setStatus] = useState("");
    const [error, setError] = useState<string>();
    const [busy, setBusy] = useState(false);
    const create = async (e: Event) => {
        e.preventDefault();
        setBusy(true); setError(undefined);
        try {
            const item = await api.createItem({ title: form.title, ...(form.body ? { body: form.body } : {}), ...(tagsOf(form.tags).length ? { tags: tagsOf(form.tags) } : {}) });
            setForm({ title: "", body: "", tags: "" });
            setStatus(`Created "${item.title}".`);
            items.reload();
        } catch (err) {
            setError(message(err));
        } finally {
            setBusy(false);
        }
    };
    return (
        <>
            <Heading>My items</Heading>
            <Status text={status} />
            {notices.data && <NoticeList notices={notices.data} />}
            {notices.error && <Alert>Could not load approval outcomes: {notices.error}</Alert>}
            <section aria-labelledby="list-heading">
                <h2 id="list-heading">Items</h2>
                {items.error && <Alert>Could not load your items: {items.error}</Alert>}
                {!items.data && !items.error && <p>Loading…</p>}
                {items.data && items.data.length === 0 && <p>You have no items yet.</p>}
                {items.data && items.data.length > 0 && (
                    <ul class="cards">
                        {items.data.map(item => (
                            <li key={item.id} class="card">
                                <Link href={`/items/${item.id}`} navigate={navigate}>{item.title}</Link>
                                <span class="meta">version {item.version} · saved in {item.updatedRegion} · {when(item.updatedAt)}</span>
                            </li>
                        ))}
                    </ul>
                )}
            </section>
            <section aria-labelledby="create-heading">
                <h2 id="create-heading">New item</h2>
                <form onSubmit={create}>
                    <ItemFields prefix="new" {...form} onInput={(field, value) => setForm(f => ({ ...f, [field]: value }))} />
                    {error && <Alert>{error}</Alert>}
                    <button type="submit" disabled={busy}>Create item</button>
                </form>
            </section>
        </>
    );
}

export function ItemPage({ api, id }: PageContext & { id: string }) {
    const loaded = useLoad(() => api.getItem(id), [id]);
    const conflicts = useLoad(() => api.listConflicts(id), [id]);
    const [item, setItem] = useState<Item>();
    const [form, setForm] = useState({ title: "", body: "", tags: "" });
    const [stale, setStale] = useState<Item>();
    const [status, setStatus] = useState("");
    const [error, setError] = useState<string>();
    const [busy, setBusy] = useState(false);
    const show = (i: Item) => {
        setItem(i);
        setForm({ title: i.title, body: i.body ?? "", tags: (i.tags ?? []).join(", ") });
    };
    useEffect(() => { if (loaded.data) show(loaded.data); }, [loaded.data]);
    const fields = () => ({ title: form.title, ...(form.body ? { body: form.body } : {}), ...(tagsOf(form.tags).length ? { tags: tagsOf(form.tags) } : {}) });

    const save = async (read: Item) => {
        setBusy(true); setError(undefined); setStatus("");
        try {
            const saved = await api.updateItem(id, fields(), read);
            setStale(undefined);
            show(saved);
            setStatus(`Saved version ${saved.version}.`);
        } catch (e) {
            if (e instanceof ApiError && e.code === "STALE_VERSION") {
                // Someone (another tab, device or region) saved first: show what is there now next to this edit.
                setStale(await api.getItem(id));
            } else {
                setError(message(e));
            }
        } finally {
            setBusy(false);
        }
    };
    const publish = async () => {
        setBusy(true); setError(undefined); setStatus("");
        try {
            const request = await api.requestPublish(id);
            setStatus(`Approval requested: request ${request.requestId} is ${request.status.toLowerCase()}. An approver decides it; the outcome appears under My items.`);
        } catch (e) {
            setError(message(e));
        } finally {
            setBusy(false);
        }
    };
    const discard = async (copy: ConflictCopy) => {
        try {
            await api.discardConflict(id, copy.id);
            setStatus("Conflict copy discarded.");
            conflicts.reload();
        } catch (e) {
            setError(message(e));
        }
    };

    if (loaded.error) return <><Heading>Item not available</Heading><Alert>{loaded.error}</Alert></>;
    if (!item) return <><Heading>Item</Heading><p>Loading…</p></>;
    return (
        <>
            <Heading>{item.title}</Heading>
            <p class="meta">Version {item.version} · saved in {item.updatedRegion} · {when(item.updatedAt)}</p>
            <Status text={status} />
            {error && <Alert>{error}</Alert>}
            {stale && (
                <section class="conflict" aria-labelledby="stale-heading">
                    <h2 id="stale-heading">This item changed since you opened it</h2>
                    <Alert>Your edit was not saved: the item is now at version {stale.version} (you edited version {item.version}).</Alert>
                    <dl>
                        <dt>Current title</dt><dd>{stale.title}</dd>
                        <dt>Current text</dt><dd>{stale.body || "(none)"}</dd>
                        <dt>Current tags</dt><dd>{(stale.tags ?? []).join(", ") || "(none)"}</dd>
                        <dt>Your title</dt><dd>{form.title}</dd>
                    </dl>
                    <div class="actions">
                        <button type="button" onClick={() => { show(stale); setStale(undefined); setStatus(`Showing version ${stale.version}; your edit was dropped.`); }}>Use the current version</button>
                        <button type="button" class="secondary" disabled={busy} onClick={() => save(stale)}>Save my edit over version {stale.version}</button>
                    </div>
                </section>
            )}
            <section aria-labelledby="edit-heading">
                <h2 id="edit-heading">Edit</h2>
                <form onSubmit={(e: Event) => { e.preventDefault(); void save(item); }}>
                    <ItemFields prefix="edit" {...form} onInput={(field, value) => setForm(f => ({ ...f, [field]: value }))} />
                    <div class="actions">
                        <button type="submit" disabled={busy}>Save</button>
                        <button type="button" class="secondary" disabled={busy} onClick={publish}>Request approval to publish</button>
                    </div>
                </form>
            </section>
            {conflicts.data && conflicts.data.length > 0 && (
                <section aria-labelledby="copies-heading">
                    <h2 id="copies-heading">Conflict copies</h2>
                    <p>Writes made in another region at the same time were kept here instead of being lost.</p>
                    <ul class="cards">
                        {conflicts.data.map(c => (
                            <li key={c.id} class="card">
                                <strong>{c.item.title ?? "(untitled)"}</strong>
                                <span class="meta">version {c.item.version ?? "?"}{c.item.updatedRegion ? ` · saved in ${c.item.updatedRegion}` : ""}</span>
                                {c.item.body && <p>{c.item.body}</p>}
                                <button type="button" class="secondary" onClick={() => discard(c)}>Discard this copy</button>
                            </li>
                        ))}
                    </ul>
                </section>
            )}
        </>
    );
}

export function ApprovalsPage({ api, me }: PageContext) {
    const approver = me.groups.includes(APPROVERS);
    const pending = useLoad<ApprovalRequest[]>(() => (approver ? api.listPending() : Promise.resolve([])), [approver]);
    const [comments, setComments] = useState<Record<string, string>>({});
    const [status, setStatus] = useState("");
    const [error, setError] = useState<string>();
    const [busy, setBusy] = useState<string>();
    if (!approver) {
        return <><Heading>Approvals</Heading><p>Only members of the approvers group decide approval requests.</p></>;
    }
    const decide = async (r: ApprovalRequest, decision: "approve" | "reject") => {
        setBusy(r.requestId); setError(undefined);
        try {
            const out = await api.decide(r.requestId, decision, comments[r.requestId]?.trim() || undefined);
            setStatus(`${decision === "approve" ? "Approved" : "Rejected"} "${r.title}" (now ${out.status.toLowerCase()}).`);
            pending.reload();
        } catch (e) {
            setError(message(e));
        } finally {
            setBusy(undefined);
        }
    };
    return (
        <>
            <Heading>Approvals</Heading>
            <p>Requests waiting for a decision, oldest first. Your own requests are not listed: someone else decides them.</p>
            <Status text={status} />
            {error && <Alert>{error}</Alert>}
            {pending.error && <Alert>Could not load pending requests: {pending.error}</Alert>}
            {pending.data && pending.data.length === 0 && <p>Nothing is waiting for a decision.</p>}
            {pending.data && pending.data.length > 0 && (
                <ul class="cards">
                    {pending.data.map(r => (
                        <li key={r.requestId} class="card">
                            <h2 class="card-title">{r.title}</h2>
                            <span class="meta">item {r.itemId}, version {r.itemVersion} · requested in {r.region} · {when(r.createdAt)}</span>
                            <label for={`comment-${r.requestId}`}>Comment for “{r.title}” <span class="hint">(optional)</span></label>
                            <textarea id={`comment-${r.requestId}`} rows={2} maxLength={1000} value={comments[r.requestId] ?? ""}
                                onInput={(e: TargetedEvent<HTMLTextAreaElement>) => { const v = e.currentTarget.value; setComments(c => ({ ...c, [r.requestId]: v })); }} />
                            <div class="actions">
                                <button type="button" disabled={busy === r.requestId} onClick={() => decide(r, "approve")} aria-label={`Approve “${r.title}”`}>Approve</button>
                                <button type="button" class="danger" disabled={busy === r.requestId} onClick={() => decide(r, "reject")} aria-label={`Reject “${r.title}”`}>Reject</button>
                            </div>
                        </li>
                    ))}
                </ul>
            )}
        </>
    );
}

export function PublishedPage({ api }: PageContext) {
    const published = useLoad<PublishedItem[]>(() => api.listPublished(), []);
    return (
        <>
            <Heading>Published</Heading>
            <p>What approvers approved, newest first. Everyone signed in sees this list.</p>
            {published.error && <Alert>Could not load published items: {published.error}</Alert>}
            {published.data && published.data.length === 0 && <p>Nothing has been published yet.</p>}
            {published.data && published.data.length > 0 && (
                <ul class="cards">
                    {published.data.map(p => (
                        <li key={`${p.itemId}-${p.publishedAt}`} class="card">
                            <h2 class="card-title">{p.title}{p.mine && <span class="badge">yours</span>}</h2>
                            <span class="meta">version {p.itemVersion} · published {when(p.publishedAt)}{p.tags?.length ? ` · ${p.tags.join(", ")}` : ""}</span>
                            {p.body && <p>{p.body}</p>}
                        </li>
                    ))}
                </ul>
            )}
        </>
    );
}

export function NotFoundPage({ navigate }: PageContext) {
    return <><Heading>Page not found</Heading><p>There is nothing here. <Link href="/items" navigate={navigate}>Go to my items</Link>.</p></>;
}

/** The signed-in shell: skip link, header with navigation, who and which region, sign-out; the page. */
export function Shell({ ctx, path, region, stack, onSignOut, children }: {
    ctx: PageContext; path: string; region?: string; stack: string; onSignOut: () => void; children: ComponentChildren;
}) {
    const nav: Array<[string, string]> = [["/items", "My items"], ["/published", "Published"], ...(ctx.me.groups.includes(APPROVERS) ? [["/approvals", "Approvals"] as [string, string]] : [])];
    const active = (href: string) => (href === "/items" ? path === "/" || path.startsWith("/items") : path === href);
    return (
        <>
            <a class="skip" href="#main">Skip to content</a>
            <header>
                <p class="brand">Platform console <span class="stack">{stack}</span></p>
                <nav aria-label="Main">
                    <ul>{nav.map(([href, label]) => <li key={href}><Link href={href} navigate={ctx.navigate} current={active(href)}>{label}</Link></li>)}</ul>
                </nav>
                <div class="who">
                    <span>Signed in as {ctx.me.email}</span>
                    <span class="region">Last answer from: <strong data-testid="region">{region ?? "—"}</strong></span>
                    <button type="button" class="secondary" onClick={onSignOut}>Sign out</button>
                </div>
            </header>
            <main id="main">{children}</main>
        </>
    );
}

/** Signed out (or back from sign-out): what this is and a way in. */
export function SignedOutPage({ signedOut, onSignIn, error }: { signedOut: boolean; onSignIn: () => void; error?: string }) {
    return (
        <main id="main" class="signin">
            <Heading>{signedOut ? "You are signed out" : "Platform console"}</Heading>
            <p>Create and edit your items, ask for approval to publish them, and, as an approver, decide requests.</p>
            {error && <Alert>{error}</Alert>}
            <button type="button" onClick={onSignIn}>Sign in</button>
        </main>
    );
}
