// pg's warning when a query is sent on a connection that is still running another one.
export const OVERLAPPING_QUERY_WARNING = /already executing a query/;
