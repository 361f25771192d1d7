// Entry point: connect the live socket to the model and render.
import { render } from "preact";
import { App } from "./app.tsx";
import { createLiveSocket } from "./live.ts";
import { connect } from "./state/deliveries.ts";

connect(createLiveSocket());
render(<App />, document.getElementById("app") as HTMLElement);
