import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.ts";
import { DeliveryDetail } from "./components/DeliveryDetail.tsx";
import { DeliveryList } from "./components/DeliveryList.tsx";
import { DiffDialog } from "./components/DiffDialog.tsx";
import { EmptyState } from "./components/EmptyState.tsx";
import { EndpointsPane } from "./components/EndpointsPane.tsx";
import { FilterBar } from "./components/FilterBar.tsx";
import { Header } from "./components/Header.tsx";
import { KeyHelp } from "./components/KeyHelp.tsx";
import { StoreWarnings } from "./components/StoreWarnings.tsx";
import { Catalog } from "./pages/Catalog.tsx";
import { Certificates } from "./pages/Certificates.tsx";
import { detailVersion, loading, loadMore, rows, selectedId, togglePause } from "./state/deliveries.ts";
import { filters, openIdFromUrl, readFiltersFromUrl, setOpenInUrl } from "./state/filters.ts";
import { visibleRows } from "./state/groups.ts";
import { useKeyboard } from "./useKeyboard.ts";

const routeOf = () => location.hash.replace(/^#\/?/, "");

/** The whole UI: deliveries (three panes), catalog and certificates pages. */
export function App() {
  const [route, setRoute] = useState(routeOf());
  const [open, setOpen] = useState(() => {
    const linked = openIdFromUrl();
    if (linked) selectedId.value = linked;
    return !!linked;
  });
  const [replayOpen, setReplayOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onHash = () => setRoute(routeOf());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    const onPop = () => {
      readFiltersFromUrl();
      const linked = openIdFromUrl();
      if (linked) selectedId.value = linked;
      setOpen(!!linked);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const openId = open ? selectedId.value : null;
  useEffect(() => setOpenInUrl(openId), [openId]);

  const select = (id: string) => {
    selectedId.value = id;
    setOpen(true);
  };
  const pick = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));

  useKeyboard({
    move(delta) {
      const list = visibleRows.value; // one row per chain with "group retries" on
      const at = list.findIndex((r) => r.id === selectedId.value);
      const next = list[Math.max(0, Math.min(list.length - 1, at < 0 ? 0 : at + delta))];
      if (next) selectedId.value = next.id;
    },
    open: () => selectedId.value && setOpen(true),
    search: () => search.current?.focus(),
    replay: () => {
      if (!selectedId.value) return;
      setOpen(true);
      setReplayOpen(true);
    },
    pause: togglePause,
    remove: () => void removeSelected(),
    help: () => setHelp(true),
    escape: () => setOpen(false),
  });

  /** Deletes the selected delivery after a confirmation; the live "deleted" message updates the list. */
  const removeSelected = async () => {
    const id = selectedId.value;
    if (!id || !confirm("Delete this delivery?")) return;
    await api.deleteDelivery(id);
  };

  const clear = async () => {
    if (
      !confirm(
        filters.value.endpoint
          ? `Delete every delivery of ${filters.value.endpoint}?`
          : "Delete every delivery?",
      )
    )
      return;
    await api.clear(filters.value.endpoint);
  };

  const hasFilters = Object.keys(filters.value).length > 0;
  return (
    <div class="app">
      <StoreWarnings />
      <Header
        route={route}
        picked={picked}
        onCompare={() => setComparing(true)}
        onClear={clear}
        onHelp={() => setHelp(true)}
      />
      {route === "catalog" ? (
        <Catalog />
      ) : route === "certs" ? (
        <Certificates />
      ) : (
        <div class="panes">
          <EndpointsPane />
          <section class="middle">
            <FilterBar searchRef={search} />
            {rows.value.length === 0 && !loading.value && !hasFilters ? (
              <EmptyState />
            ) : rows.value.length === 0 && !loading.value ? (
              <p class="none" data-testid="no-match">
                No delivery matches these filters.
              </p>
            ) : (
              <DeliveryList
                rows={rows.value}
                selectedId={selectedId.value}
                picked={picked}
                onSelect={select}
                onPick={pick}
                onNearEnd={() => void loadMore()}
              />
            )}
          </section>
          {open && selectedId.value && (
            <DeliveryDetail
              id={selectedId.value}
              version={detailVersion.value}
              replayOpen={replayOpen}
              setReplayOpen={setReplayOpen}
              onDelete={() => void removeSelected()}
              onClose={() => setOpen(false)}
            />
          )}
        </div>
      )}
      {help && <KeyHelp onClose={() => setHelp(false)} />}
      {comparing && picked.length === 2 && (
        <DiffDialog a={picked[0] as string} b={picked[1] as string} onClose={() => setComparing(false)} />
      )}
    </div>
  );
}
