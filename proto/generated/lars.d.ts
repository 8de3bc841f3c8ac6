import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace lars. */
export namespace lars {

    /** MessageId enum. */
    enum MessageId {

        /** ID_UNKNOW value */
        ID_UNKNOW = 0,

        /** ID_GetRouteRequest value */
        ID_GetRouteRequest = 1,

        /** ID_GetRouteResponse value */
        ID_GetRouteResponse = 2,

        /** ID_ReportStatusRequest value */
        ID_ReportStatusRequest = 3,

        /** ID_GetHostRequest value */
        ID_GetHostRequest = 4,

        /** ID_GetHostResponse value */
        ID_GetHostResponse = 5,

        /** ID_ReportRequest value */
        ID_ReportRequest = 6,

        /** ID_API_GetRouteRequest value */
        ID_API_GetRouteRequest = 7,

        /** ID_API_GetRouteResponse value */
        ID_API_GetRouteResponse = 8
    }

    /** LarsRetCode enum. */
    enum LarsRetCode {

        /** RET_SUCC value */
        RET_SUCC = 0,

        /** RET_OVERLOAD value */
        RET_OVERLOAD = 1,

        /** RET_SYSTEM_ERROR value */
        RET_SYSTEM_ERROR = 2,

        /** RET_NOEXIST value */
        RET_NOEXIST = 3
    }

    /**
     * Properties of a HostInfo.
     * @deprecated Use lars.HostInfo.$Properties instead.
     */
    interface IHostInfo extends lars.HostInfo.$Properties {
    }

    /** Represents a HostInfo. */
    class HostInfo {

        /**
         * Constructs a new HostInfo.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.HostInfo.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HostInfo ip. */
        ip: number;

        /** HostInfo port. */
        port: number;

        /** HostInfo weight. */
        weight: number;

        /**
         * Creates a new HostInfo instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HostInfo instance
         */
        static create(properties: lars.HostInfo.$Shape): lars.HostInfo & lars.HostInfo.$Shape;
        static create(properties?: lars.HostInfo.$Properties): lars.HostInfo;

        /**
         * Encodes the specified HostInfo message. Does not implicitly {@link lars.HostInfo.verify|verify} messages.
         * @param message HostInfo message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.HostInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HostInfo message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.HostInfo & lars.HostInfo.$Shape} HostInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.HostInfo & lars.HostInfo.$Shape;

        /**
         * Gets the type url for HostInfo
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostInfo {

        /** Properties of a HostInfo. */
        interface $Properties {

            /** HostInfo ip */
            ip?: (number|null);

            /** HostInfo port */
            port?: (number|null);

            /** HostInfo weight */
            weight?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a HostInfo. */
        type $Shape = lars.HostInfo.$Properties;
    }

    /**
     * Properties of a GetRouteRequest.
     * @deprecated Use lars.GetRouteRequest.$Properties instead.
     */
    interface IGetRouteRequest extends lars.GetRouteRequest.$Properties {
    }

    /** Represents a GetRouteRequest. */
    class GetRouteRequest {

        /**
         * Constructs a new GetRouteRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetRouteRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetRouteRequest modid. */
        modid: number;

        /** GetRouteRequest cmdid. */
        cmdid: number;

        /**
         * Creates a new GetRouteRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetRouteRequest instance
         */
        static create(properties: lars.GetRouteRequest.$Shape): lars.GetRouteRequest & lars.GetRouteRequest.$Shape;
        static create(properties?: lars.GetRouteRequest.$Properties): lars.GetRouteRequest;

        /**
         * Encodes the specified GetRouteRequest message. Does not implicitly {@link lars.GetRouteRequest.verify|verify} messages.
         * @param message GetRouteRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetRouteRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetRouteRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetRouteRequest & lars.GetRouteRequest.$Shape} GetRouteRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetRouteRequest & lars.GetRouteRequest.$Shape;

        /**
         * Gets the type url for GetRouteRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetRouteRequest {

        /** Properties of a GetRouteRequest. */
        interface $Properties {

            /** GetRouteRequest modid */
            modid?: (number|null);

            /** GetRouteRequest cmdid */
            cmdid?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetRouteRequest. */
        type $Shape = lars.GetRouteRequest.$Properties;
    }

    /**
     * Properties of a GetRouteResponse.
     * @deprecated Use lars.GetRouteResponse.$Properties instead.
     */
    interface IGetRouteResponse extends lars.GetRouteResponse.$Properties {
    }

    /** Represents a GetRouteResponse. */
    class GetRouteResponse {

        /**
         * Constructs a new GetRouteResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetRouteResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetRouteResponse modid. */
        modid: number;

        /** GetRouteResponse cmdid. */
        cmdid: number;

        /** GetRouteResponse host. */
        host: lars.HostInfo.$Properties[];

        /**
         * Creates a new GetRouteResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetRouteResponse instance
         */
        static create(properties: lars.GetRouteResponse.$Shape): lars.GetRouteResponse & lars.GetRouteResponse.$Shape;
        static create(properties?: lars.GetRouteResponse.$Properties): lars.GetRouteResponse;

        /**
         * Encodes the specified GetRouteResponse message. Does not implicitly {@link lars.GetRouteResponse.verify|verify} messages.
         * @param message GetRouteResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetRouteResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetRouteResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetRouteResponse & lars.GetRouteResponse.$Shape} GetRouteResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetRouteResponse & lars.GetRouteResponse.$Shape;

        /**
         * Gets the type url for GetRouteResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetRouteResponse {

        /** Properties of a GetRouteResponse. */
        interface $Properties {

            /** GetRouteResponse modid */
            modid?: (number|null);

            /** GetRouteResponse cmdid */
            cmdid?: (number|null);

            /** GetRouteResponse host */
            host?: (lars.HostInfo.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetRouteResponse. */
        type $Shape = lars.GetRouteResponse.$Properties;
    }

    /**
     * Properties of a HostCallResult.
     * @deprecated Use lars.HostCallResult.$Properties instead.
     */
    interface IHostCallResult extends lars.HostCallResult.$Properties {
    }

    /** Represents a HostCallResult. */
    class HostCallResult {

        /**
         * Constructs a new HostCallResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.HostCallResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** HostCallResult ip. */
        ip: number;

        /** HostCallResult port. */
        port: number;

        /** HostCallResult succ. */
        succ: number;

        /** HostCallResult err. */
        err: number;

        /** HostCallResult overload. */
        overload: boolean;

        /**
         * Creates a new HostCallResult instance using the specified properties.
         * @param [properties] Properties to set
         * @returns HostCallResult instance
         */
        static create(properties: lars.HostCallResult.$Shape): lars.HostCallResult & lars.HostCallResult.$Shape;
        static create(properties?: lars.HostCallResult.$Properties): lars.HostCallResult;

        /**
         * Encodes the specified HostCallResult message. Does not implicitly {@link lars.HostCallResult.verify|verify} messages.
         * @param message HostCallResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.HostCallResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a HostCallResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.HostCallResult & lars.HostCallResult.$Shape} HostCallResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.HostCallResult & lars.HostCallResult.$Shape;

        /**
         * Gets the type url for HostCallResult
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace HostCallResult {

        /** Properties of a HostCallResult. */
        interface $Properties {

            /** HostCallResult ip */
            ip?: (number|null);

            /** HostCallResult port */
            port?: (number|null);

            /** HostCallResult succ */
            succ?: (number|null);

            /** HostCallResult err */
            err?: (number|null);

            /** HostCallResult overload */
            overload?: (boolean|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a HostCallResult. */
        type $Shape = lars.HostCallResult.$Properties;
    }

    /**
     * Properties of a ReportStatusRequest.
     * @deprecated Use lars.ReportStatusRequest.$Properties instead.
     */
    interface IReportStatusRequest extends lars.ReportStatusRequest.$Properties {
    }

    /** Represents a ReportStatusRequest. */
    class ReportStatusRequest {

        /**
         * Constructs a new ReportStatusRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.ReportStatusRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReportStatusRequest modid. */
        modid: number;

        /** ReportStatusRequest cmdid. */
        cmdid: number;

        /** ReportStatusRequest caller. */
        caller: number;

        /** ReportStatusRequest results. */
        results: lars.HostCallResult.$Properties[];

        /** ReportStatusRequest ts. */
        ts: number;

        /**
         * Creates a new ReportStatusRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReportStatusRequest instance
         */
        static create(properties: lars.ReportStatusRequest.$Shape): lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape;
        static create(properties?: lars.ReportStatusRequest.$Properties): lars.ReportStatusRequest;

        /**
         * Encodes the specified ReportStatusRequest message. Does not implicitly {@link lars.ReportStatusRequest.verify|verify} messages.
         * @param message ReportStatusRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.ReportStatusRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReportStatusRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape} ReportStatusRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape;

        /**
         * Gets the type url for ReportStatusRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ReportStatusRequest {

        /** Properties of a ReportStatusRequest. */
        interface $Properties {

            /** ReportStatusRequest modid */
            modid?: (number|null);

            /** ReportStatusRequest cmdid */
            cmdid?: (number|null);

            /** ReportStatusRequest caller */
            caller?: (number|null);

            /** ReportStatusRequest results */
            results?: (lars.HostCallResult.$Properties[]|null);

            /** ReportStatusRequest ts */
            ts?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ReportStatusRequest. */
        type $Shape = lars.ReportStatusRequest.$Properties;
    }

    /**
     * Properties of a GetHostRequest.
     * @deprecated Use lars.GetHostRequest.$Properties instead.
     */
    interface IGetHostRequest extends lars.GetHostRequest.$Properties {
    }

    /** Represents a GetHostRequest. */
    class GetHostRequest {

        /**
         * Constructs a new GetHostRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetHostRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetHostRequest seq. */
        seq: number;

        /** GetHostRequest modid. */
        modid: number;

        /** GetHostRequest cmdid. */
        cmdid: number;

        /**
         * Creates a new GetHostRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetHostRequest instance
         */
        static create(properties: lars.GetHostRequest.$Shape): lars.GetHostRequest & lars.GetHostRequest.$Shape;
        static create(properties?: lars.GetHostRequest.$Properties): lars.GetHostRequest;

        /**
         * Encodes the specified GetHostRequest message. Does not implicitly {@link lars.GetHostRequest.verify|verify} messages.
         * @param message GetHostRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetHostRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetHostRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetHostRequest & lars.GetHostRequest.$Shape} GetHostRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetHostRequest & lars.GetHostRequest.$Shape;

        /**
         * Gets the type url for GetHostRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetHostRequest {

        /** Properties of a GetHostRequest. */
        interface $Properties {

            /** GetHostRequest seq */
            seq?: (number|null);

            /** GetHostRequest modid */
            modid?: (number|null);

            /** GetHostRequest cmdid */
            cmdid?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetHostRequest. */
        type $Shape = lars.GetHostRequest.$Properties;
    }

    /**
     * Properties of a GetHostResponse.
     * @deprecated Use lars.GetHostResponse.$Properties instead.
     */
    interface IGetHostResponse extends lars.GetHostResponse.$Properties {
    }

    /** Represents a GetHostResponse. */
    class GetHostResponse {

        /**
         * Constructs a new GetHostResponse.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.GetHostResponse.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetHostResponse seq. */
        seq: number;

        /** GetHostResponse modid. */
        modid: number;

        /** GetHostResponse cmdid. */
        cmdid: number;

        /** GetHostResponse retcode. */
        retcode: number;

        /** GetHostResponse host. */
        host?: (lars.HostInfo.$Properties|null);

        /**
         * Creates a new GetHostResponse instance using the specified properties.
         * @param [properties] Properties to set
         * @returns GetHostResponse instance
         */
        static create(properties: lars.GetHostResponse.$Shape): lars.GetHostResponse & lars.GetHostResponse.$Shape;
        static create(properties?: lars.GetHostResponse.$Properties): lars.GetHostResponse;

        /**
         * Encodes the specified GetHostResponse message. Does not implicitly {@link lars.GetHostResponse.verify|verify} messages.
         * @param message GetHostResponse message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.GetHostResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetHostResponse message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.GetHostResponse & lars.GetHostResponse.$Shape} GetHostResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.GetHostResponse & lars.GetHostResponse.$Shape;

        /**
         * Gets the type url for GetHostResponse
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetHostResponse {

        /** Properties of a GetHostResponse. */
        interface $Properties {

            /** GetHostResponse seq */
            seq?: (number|null);

            /** GetHostResponse modid */
            modid?: (number|null);

            /** GetHostResponse cmdid */
            cmdid?: (number|null);

            /** GetHostResponse retcode */
            retcode?: (number|null);

            /** GetHostResponse host */
            host?: (lars.HostInfo.$Properties|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetHostResponse. */
        type $Shape = lars.GetHostResponse.$Properties;
    }

    /**
     * Properties of a ReportRequest.
     * @deprecated Use lars.ReportRequest.$Properties instead.
     */
    interface IReportRequest extends lars.ReportRequest.$Properties {
    }

    /** Represents a ReportRequest. */
    class ReportRequest {

        /**
         * Constructs a new ReportRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: lars.ReportRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ReportRequest modid. */
        modid: number;

        /** ReportRequest cmdid. */
        cmdid: number;

        /** ReportRequest host. */
        host?: (lars.HostInfo.$Properties|null);

        /** ReportRequest retcode. */
        retcode: number;

        /**
         * Creates a new ReportRequest instance using the specified properties.
         * @param [properties] Properties to set
         * @returns ReportRequest instance
         */
        static create(properties: lars.ReportRequest.$Shape): lars.ReportRequest & lars.ReportRequest.$Shape;
        static create(properties?: lars.ReportRequest.$Properties): lars.ReportRequest;

        /**
         * Encodes the specified ReportRequest message. Does not implicitly {@link lars.ReportRequest.verify|verify} messages.
         * @param message ReportRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: lars.ReportRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a ReportRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {lars.ReportRequest & lars.ReportRequest.$Shape} ReportRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): lars.ReportRequest & lars.ReportRequest.$Shape;

        /**
         * Gets the type url for ReportRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ReportRequest {

        /** Properties of a ReportRequest. */
        interface $Properties {

            /** ReportRequest modid */
            modid?: (number|null);

            /** ReportRequest cmdid */
            cmdid?: (number|null);

            /** ReportRequest host */
            host?: (lars.HostInfo.$Properties|null);

            /** ReportRequest retcode */
            retcode?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a ReportRequest. */
        type $Shape = lars.ReportRequest.$Properties;
    }
}
