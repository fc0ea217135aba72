/** @apigrate/autotask-restapi ships no types; the conformance test uses it untyped, as a JS client would. */
declare module '@apigrate/autotask-restapi';
