// The small part of oidc-provider (which ships no types) that the single sign-on tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type KoaContext = {
    readonly path: string;
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    redirect(url: string): void;
  };

  export type InteractionDetails = {
    readonly prompt: { readonly name: string };
    readonly params: Readonly<Record<string, unknown>>;
    readonly session?: { readonly accountId: string };
  };

  type GrantClass = new (input: { accountId: string; clientId: string }) => {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  };

  export type Account = {
    readonly accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  };

  export type ProviderConfiguration = Readonly<Record<string, unknown>> & {
    readonly findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>;
  };

  class Provider {
    constructor(issuer: string, configuration: ProviderConfiguration);
    readonly Grant: GrantClass;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>): Promise<string>;
  }

  // The package's own shape: its only export is the default one.
  // eslint-disable-next-line import-x/no-default-export
  export default Provider;
}
