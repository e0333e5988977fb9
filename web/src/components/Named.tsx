// A name where one is known, its id only as the tooltip; a shortened id where none is.
export function Named({ id, name }: { id: string; name?: string }) {
  if (name) return <span title={id}>{name}</span>;
  return <code title={id}>{id.length > 12 ? `${id.slice(0, 8)}…` : id}</code>;
}
