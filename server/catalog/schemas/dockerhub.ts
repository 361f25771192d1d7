// Docker Hub repository push (schemas-notes.md §5): no event name in the body.
import { bool, num, obj, type Schema, str } from "./common.ts";

export const DOCKERHUB_SCHEMAS: Record<string, Schema> = {
  push: obj({
    callback_url: str,
    push_data: obj(
      { pushed_at: num, pusher: str, tag: str },
      { images: { type: ["array", "null"] }, media_type: str },
    ),
    repository: obj(
      {
        repo_name: str,
        name: str,
        namespace: str,
        owner: str,
        repo_url: str,
        status: str,
        is_private: bool,
        is_official: bool,
        is_trusted: bool,
        star_count: num,
        comment_count: num,
        date_created: num,
        description: str,
        full_description: str,
      },
      { dockerfile: str },
    ),
  }),
};
