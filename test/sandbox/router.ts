// Path patterns with ":name" segments, shared by the route table and fault matching.

export type PathParams = Record<string, string>;

export interface PathPattern {
	match(path: string): PathParams | null;
}

export function compilePath(pattern: string): PathPattern {
	const parts = pattern.split('/');
	return {
		match(path: string): PathParams | null {
			const segments = path.split('/');
			if (segments.length !== parts.length) return null;
			const params: PathParams = {};
			for (let i = 0; i < parts.length; i++) {
				const part = parts[i];
				if (part.startsWith(':') && segments[i] !== '') {
					params[part.slice(1)] = safeDecode(segments[i]);
				} else if (part !== segments[i]) {
					return null;
				}
			}
			return params;
		},
	};
}

function safeDecode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

export interface RouteMatch<T> {
	target: T;
	params: PathParams;
}

/** Method + path pattern -> target, first match wins. */
export class Router<T> {
	private readonly routes: { method: string; pattern: PathPattern; target: T }[] = [];

	add(method: string, path: string, target: T): this {
		this.routes.push({ method, pattern: compilePath(path), target });
		return this;
	}

	match(method: string, path: string): RouteMatch<T> | null {
		for (const { method: routeMethod, pattern, target } of this.routes) {
			if (routeMethod !== method) continue;
			const params = pattern.match(path);
			if (params) return { target, params };
		}
		return null;
	}
}
