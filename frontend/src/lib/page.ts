import type { ComponentType } from "react";
import type { RouteObject } from "react-router";

/**
 * A route whose page is the export `name` of the file `load` imports, loaded by the router
 * before it shows the page (the page before stays on screen meanwhile). Not `React.lazy` behind
 * a Suspense boundary: React keeps a boundary's placeholder up for at least 300 ms, which every
 * first visit to a page would wait for. A file that cannot be loaded (a dropped connection, or a
 * new version of the panel deployed since the tab was opened) is an error of the page, thrown
 * when it renders, so that the frame's error boundary shows it with a button to reload.
 */
export function page<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): Pick<RouteObject, "lazy"> {
  return {
    lazy: async () => {
      try {
        return { Component: (await load())[name] };
      } catch (error) {
        return {
          Component: () => {
            throw error;
          },
        };
      }
    },
  };
}
