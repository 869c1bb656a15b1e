import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError, FastifySerializerCompiler } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';

function make(opts: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: false, useDefaults: true, removeAdditional: false, ...opts });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

// Bodies are validated strictly: a number where a string belongs is an error, not coerced.
// Query strings and path params arrive as text, so those are coerced.
const strict = make({ coerceTypes: false });
const coercing = make({ coerceTypes: 'array' });

// Each route's schemas are compiled when the route is first called, not at start: compiling all
// of them (the request validators with Ajv, the answers' serializers with fast-json-stringify)
// was about half a second of every `tocsin serve` start, and of every app a test builds, for
// routes most processes never call. The fuzz and access tests call every route.

interface Validate {
  (data: unknown): boolean;
  errors?: FastifySchemaValidationError[] | null;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  let compiled: Validate | undefined;
  const validate: Validate = (data) => {
    compiled ??= (httpPart === 'body' ? strict : coercing).compile(schema as object);
    const ok = compiled(data);
    // Fastify reads a failed validation's errors from the function it was given.
    validate.errors = ok ? null : (compiled.errors as FastifySchemaValidationError[] | null | undefined) ?? null;
    return ok;
  };
  return validate;
};

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  let compiled: ((data: unknown) => string) | undefined;
  return (data) => (compiled ??= fastJsonStringify(schema as Parameters<typeof fastJsonStringify>[0]))(data);
};
