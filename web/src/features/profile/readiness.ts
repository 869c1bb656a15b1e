/** What keeps a page from someone, in a few words each: a problem's message up to its colon (the rest tells the person how to fix it). */
export const problemsInShort = (problems: readonly { message: string }[]): string => problems.map((p) => p.message.replace(/:.*$/s, '').toLowerCase()).join(', ');
