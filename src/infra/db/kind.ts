/** Which database a connection talks to. */
export type DbKind = 'sqlite' | 'postgres'
