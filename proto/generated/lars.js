/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const lars = $root.lars = (() => {

    /**
     * Namespace lars.
     * @exports lars
     * @namespace
     */
    const lars = {};

    /**
     * MessageId enum.
     * @name lars.MessageId
     * @enum {number}
     * @property {number} ID_UNKNOW=0 ID_UNKNOW value
     * @property {number} ID_GetRouteRequest=1 ID_GetRouteRequest value
     * @property {number} ID_GetRouteResponse=2 ID_GetRouteResponse value
     * @property {number} ID_ReportStatusRequest=3 ID_ReportStatusRequest value
     * @property {number} ID_GetHostRequest=4 ID_GetHostRequest value
     * @property {number} ID_GetHostResponse=5 ID_GetHostResponse value
     * @property {number} ID_ReportRequest=6 ID_ReportRequest value
     * @property {number} ID_API_GetRouteRequest=7 ID_API_GetRouteRequest value
     * @property {number} ID_API_GetRouteResponse=8 ID_API_GetRouteResponse value
     * @property {number} ID_RegisterRequest=16 ID_RegisterRequest value
     * @property {number} ID_RegisterResponse=17 ID_RegisterResponse value
     * @property {number} ID_DeregisterRequest=18 ID_DeregisterRequest value
     * @property {number} ID_API_RegisterRequest=19 ID_API_RegisterRequest value
     * @property {number} ID_API_RegisterResponse=20 ID_API_RegisterResponse value
     * @property {number} ID_API_DeregisterRequest=21 ID_API_DeregisterRequest value
     */
    lars.MessageId = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "ID_UNKNOW"] = 0;
        values[valuesById[1] = "ID_GetRouteRequest"] = 1;
        values[valuesById[2] = "ID_GetRouteResponse"] = 2;
        values[valuesById[3] = "ID_ReportStatusRequest"] = 3;
        values[valuesById[4] = "ID_GetHostRequest"] = 4;
        values[valuesById[5] = "ID_GetHostResponse"] = 5;
        values[valuesById[6] = "ID_ReportRequest"] = 6;
        values[valuesById[7] = "ID_API_GetRouteRequest"] = 7;
        values[valuesById[8] = "ID_API_GetRouteResponse"] = 8;
        values[valuesById[16] = "ID_RegisterRequest"] = 16;
        values[valuesById[17] = "ID_RegisterResponse"] = 17;
        values[valuesById[18] = "ID_DeregisterRequest"] = 18;
        values[valuesById[19] = "ID_API_RegisterRequest"] = 19;
        values[valuesById[20] = "ID_API_RegisterResponse"] = 20;
        values[valuesById[21] = "ID_API_DeregisterRequest"] = 21;
        return values;
    })();

    /**
     * LarsRetCode enum.
     * @name lars.LarsRetCode
     * @enum {number}
     * @property {number} RET_SUCC=0 RET_SUCC value
     * @property {number} RET_OVERLOAD=1 RET_OVERLOAD value
     * @property {number} RET_SYSTEM_ERROR=2 RET_SYSTEM_ERROR value
     * @property {number} RET_NOEXIST=3 RET_NOEXIST value
     * @property {number} RET_REFUSED=4 RET_REFUSED value
     * @property {number} RET_BAD_ARGUMENT=5 RET_BAD_ARGUMENT value
     * @property {number} RET_UNAVAILABLE=6 RET_UNAVAILABLE value
     */
    lars.LarsRetCode = (function() {
        const valuesById = $Object.create(null), values = $Object.create(valuesById);
        values[valuesById[0] = "RET_SUCC"] = 0;
        values[valuesById[1] = "RET_OVERLOAD"] = 1;
        values[valuesById[2] = "RET_SYSTEM_ERROR"] = 2;
        values[valuesById[3] = "RET_NOEXIST"] = 3;
        values[valuesById[4] = "RET_REFUSED"] = 4;
        values[valuesById[5] = "RET_BAD_ARGUMENT"] = 5;
        values[valuesById[6] = "RET_UNAVAILABLE"] = 6;
        return values;
    })();

    lars.HostInfo = (function() {

        /**
         * Properties of a HostInfo.
         * @typedef {Object} lars.HostInfo.$Properties
         * @property {number|null} [ip] HostInfo ip
         * @property {number|null} [port] HostInfo port
         * @property {number|null} [weight] HostInfo weight
         * @property {string|null} [zone] HostInfo zone
         * @property {Array.<string>|null} [tags] HostInfo tags
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HostInfo.
         * @memberof lars
         * @interface IHostInfo
         * @augments lars.HostInfo.$Properties
         * @deprecated Use lars.HostInfo.$Properties instead.
         */

        /**
         * Shape of a HostInfo.
         * @typedef {lars.HostInfo.$Properties} lars.HostInfo.$Shape
         */

        /**
         * Constructs a new HostInfo.
         * @memberof lars
         * @classdesc Represents a HostInfo.
         * @constructor
         * @param {lars.HostInfo.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HostInfo = function (properties) {
            this.tags = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HostInfo ip.
         * @member {number} ip
         * @memberof lars.HostInfo
         * @instance
         */
        HostInfo.prototype.ip = 0;

        /**
         * HostInfo port.
         * @member {number} port
         * @memberof lars.HostInfo
         * @instance
         */
        HostInfo.prototype.port = 0;

        /**
         * HostInfo weight.
         * @member {number} weight
         * @memberof lars.HostInfo
         * @instance
         */
        HostInfo.prototype.weight = 0;

        /**
         * HostInfo zone.
         * @member {string} zone
         * @memberof lars.HostInfo
         * @instance
         */
        HostInfo.prototype.zone = "";

        /**
         * HostInfo tags.
         * @member {Array.<string>} tags
         * @memberof lars.HostInfo
         * @instance
         */
        HostInfo.prototype.tags = $util.emptyArray;

        /**
         * Creates a new HostInfo instance using the specified properties.
         * @function create
         * @memberof lars.HostInfo
         * @static
         * @param {lars.HostInfo.$Properties=} [properties] Properties to set
         * @returns {lars.HostInfo} HostInfo instance
         * @type {{
         *   (properties: lars.HostInfo.$Shape): lars.HostInfo & lars.HostInfo.$Shape;
         *   (properties?: lars.HostInfo.$Properties): lars.HostInfo;
         * }}
         */
        HostInfo.create = function(properties) {
            return new HostInfo(properties);
        };

        /**
         * Encodes the specified HostInfo message. Does not implicitly {@link lars.HostInfo.verify|verify} messages.
         * @function encode
         * @memberof lars.HostInfo
         * @static
         * @param {lars.HostInfo.$Properties} message HostInfo message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HostInfo.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.ip != null && $Object.hasOwnProperty.call(message, "ip") && message.ip !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.ip);
            if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.port);
            if (message.weight != null && $Object.hasOwnProperty.call(message, "weight") && message.weight !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.weight);
            if (message.zone != null && $Object.hasOwnProperty.call(message, "zone") && message.zone !== "")
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.zone);
            if (message.tags != null && message.tags.length)
                for (let i = 0; i < message.tags.length; ++i)
                    writer.uint32(/* id 5, wireType 2 =*/42).string(message.tags[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a HostInfo message from the specified reader or buffer.
         * @function decode
         * @memberof lars.HostInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.HostInfo & lars.HostInfo.$Shape} HostInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HostInfo.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.HostInfo();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.ip = value;
                        else
                            delete message.ip;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.port = value;
                        else
                            delete message.port;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.weight = value;
                        else
                            delete message.weight;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.zone = value;
                        else
                            delete message.zone;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        if (!(message.tags && message.tags.length))
                            message.tags = [];
                        message.tags.push(reader.stringVerify());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for HostInfo
         * @function getTypeUrl
         * @memberof lars.HostInfo
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        HostInfo.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.HostInfo";
        };

        return HostInfo;
    })();

    lars.GetRouteRequest = (function() {

        /**
         * Properties of a GetRouteRequest.
         * @typedef {Object} lars.GetRouteRequest.$Properties
         * @property {number|null} [modid] GetRouteRequest modid
         * @property {number|null} [cmdid] GetRouteRequest cmdid
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetRouteRequest.
         * @memberof lars
         * @interface IGetRouteRequest
         * @augments lars.GetRouteRequest.$Properties
         * @deprecated Use lars.GetRouteRequest.$Properties instead.
         */

        /**
         * Shape of a GetRouteRequest.
         * @typedef {lars.GetRouteRequest.$Properties} lars.GetRouteRequest.$Shape
         */

        /**
         * Constructs a new GetRouteRequest.
         * @memberof lars
         * @classdesc Represents a GetRouteRequest.
         * @constructor
         * @param {lars.GetRouteRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetRouteRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetRouteRequest modid.
         * @member {number} modid
         * @memberof lars.GetRouteRequest
         * @instance
         */
        GetRouteRequest.prototype.modid = 0;

        /**
         * GetRouteRequest cmdid.
         * @member {number} cmdid
         * @memberof lars.GetRouteRequest
         * @instance
         */
        GetRouteRequest.prototype.cmdid = 0;

        /**
         * Creates a new GetRouteRequest instance using the specified properties.
         * @function create
         * @memberof lars.GetRouteRequest
         * @static
         * @param {lars.GetRouteRequest.$Properties=} [properties] Properties to set
         * @returns {lars.GetRouteRequest} GetRouteRequest instance
         * @type {{
         *   (properties: lars.GetRouteRequest.$Shape): lars.GetRouteRequest & lars.GetRouteRequest.$Shape;
         *   (properties?: lars.GetRouteRequest.$Properties): lars.GetRouteRequest;
         * }}
         */
        GetRouteRequest.create = function(properties) {
            return new GetRouteRequest(properties);
        };

        /**
         * Encodes the specified GetRouteRequest message. Does not implicitly {@link lars.GetRouteRequest.verify|verify} messages.
         * @function encode
         * @memberof lars.GetRouteRequest
         * @static
         * @param {lars.GetRouteRequest.$Properties} message GetRouteRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetRouteRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.cmdid);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetRouteRequest message from the specified reader or buffer.
         * @function decode
         * @memberof lars.GetRouteRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.GetRouteRequest & lars.GetRouteRequest.$Shape} GetRouteRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetRouteRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.GetRouteRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for GetRouteRequest
         * @function getTypeUrl
         * @memberof lars.GetRouteRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        GetRouteRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.GetRouteRequest";
        };

        return GetRouteRequest;
    })();

    lars.GetRouteResponse = (function() {

        /**
         * Properties of a GetRouteResponse.
         * @typedef {Object} lars.GetRouteResponse.$Properties
         * @property {number|null} [modid] GetRouteResponse modid
         * @property {number|null} [cmdid] GetRouteResponse cmdid
         * @property {Array.<lars.HostInfo.$Properties>|null} [host] GetRouteResponse host
         * @property {Array.<string>|null} [rules] GetRouteResponse rules
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetRouteResponse.
         * @memberof lars
         * @interface IGetRouteResponse
         * @augments lars.GetRouteResponse.$Properties
         * @deprecated Use lars.GetRouteResponse.$Properties instead.
         */

        /**
         * Shape of a GetRouteResponse.
         * @typedef {lars.GetRouteResponse.$Properties} lars.GetRouteResponse.$Shape
         */

        /**
         * Constructs a new GetRouteResponse.
         * @memberof lars
         * @classdesc Represents a GetRouteResponse.
         * @constructor
         * @param {lars.GetRouteResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetRouteResponse = function (properties) {
            this.host = [];
            this.rules = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetRouteResponse modid.
         * @member {number} modid
         * @memberof lars.GetRouteResponse
         * @instance
         */
        GetRouteResponse.prototype.modid = 0;

        /**
         * GetRouteResponse cmdid.
         * @member {number} cmdid
         * @memberof lars.GetRouteResponse
         * @instance
         */
        GetRouteResponse.prototype.cmdid = 0;

        /**
         * GetRouteResponse host.
         * @member {Array.<lars.HostInfo.$Properties>} host
         * @memberof lars.GetRouteResponse
         * @instance
         */
        GetRouteResponse.prototype.host = $util.emptyArray;

        /**
         * GetRouteResponse rules.
         * @member {Array.<string>} rules
         * @memberof lars.GetRouteResponse
         * @instance
         */
        GetRouteResponse.prototype.rules = $util.emptyArray;

        /**
         * Creates a new GetRouteResponse instance using the specified properties.
         * @function create
         * @memberof lars.GetRouteResponse
         * @static
         * @param {lars.GetRouteResponse.$Properties=} [properties] Properties to set
         * @returns {lars.GetRouteResponse} GetRouteResponse instance
         * @type {{
         *   (properties: lars.GetRouteResponse.$Shape): lars.GetRouteResponse & lars.GetRouteResponse.$Shape;
         *   (properties?: lars.GetRouteResponse.$Properties): lars.GetRouteResponse;
         * }}
         */
        GetRouteResponse.create = function(properties) {
            return new GetRouteResponse(properties);
        };

        /**
         * Encodes the specified GetRouteResponse message. Does not implicitly {@link lars.GetRouteResponse.verify|verify} messages.
         * @function encode
         * @memberof lars.GetRouteResponse
         * @static
         * @param {lars.GetRouteResponse.$Properties} message GetRouteResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetRouteResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.cmdid);
            if (message.host != null && message.host.length)
                for (let i = 0; i < message.host.length; ++i)
                    $root.lars.HostInfo.encode(message.host[i], writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.rules != null && message.rules.length)
                for (let i = 0; i < message.rules.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.rules[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetRouteResponse message from the specified reader or buffer.
         * @function decode
         * @memberof lars.GetRouteResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.GetRouteResponse & lars.GetRouteResponse.$Shape} GetRouteResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetRouteResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.GetRouteResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if (!(message.host && message.host.length))
                            message.host = [];
                        message.host.push($root.lars.HostInfo.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.rules && message.rules.length))
                            message.rules = [];
                        message.rules.push(reader.stringVerify());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for GetRouteResponse
         * @function getTypeUrl
         * @memberof lars.GetRouteResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        GetRouteResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.GetRouteResponse";
        };

        return GetRouteResponse;
    })();

    lars.HostCallResult = (function() {

        /**
         * Properties of a HostCallResult.
         * @typedef {Object} lars.HostCallResult.$Properties
         * @property {number|null} [ip] HostCallResult ip
         * @property {number|null} [port] HostCallResult port
         * @property {number|null} [succ] HostCallResult succ
         * @property {number|null} [err] HostCallResult err
         * @property {boolean|null} [overload] HostCallResult overload
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a HostCallResult.
         * @memberof lars
         * @interface IHostCallResult
         * @augments lars.HostCallResult.$Properties
         * @deprecated Use lars.HostCallResult.$Properties instead.
         */

        /**
         * Shape of a HostCallResult.
         * @typedef {lars.HostCallResult.$Properties} lars.HostCallResult.$Shape
         */

        /**
         * Constructs a new HostCallResult.
         * @memberof lars
         * @classdesc Represents a HostCallResult.
         * @constructor
         * @param {lars.HostCallResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const HostCallResult = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * HostCallResult ip.
         * @member {number} ip
         * @memberof lars.HostCallResult
         * @instance
         */
        HostCallResult.prototype.ip = 0;

        /**
         * HostCallResult port.
         * @member {number} port
         * @memberof lars.HostCallResult
         * @instance
         */
        HostCallResult.prototype.port = 0;

        /**
         * HostCallResult succ.
         * @member {number} succ
         * @memberof lars.HostCallResult
         * @instance
         */
        HostCallResult.prototype.succ = 0;

        /**
         * HostCallResult err.
         * @member {number} err
         * @memberof lars.HostCallResult
         * @instance
         */
        HostCallResult.prototype.err = 0;

        /**
         * HostCallResult overload.
         * @member {boolean} overload
         * @memberof lars.HostCallResult
         * @instance
         */
        HostCallResult.prototype.overload = false;

        /**
         * Creates a new HostCallResult instance using the specified properties.
         * @function create
         * @memberof lars.HostCallResult
         * @static
         * @param {lars.HostCallResult.$Properties=} [properties] Properties to set
         * @returns {lars.HostCallResult} HostCallResult instance
         * @type {{
         *   (properties: lars.HostCallResult.$Shape): lars.HostCallResult & lars.HostCallResult.$Shape;
         *   (properties?: lars.HostCallResult.$Properties): lars.HostCallResult;
         * }}
         */
        HostCallResult.create = function(properties) {
            return new HostCallResult(properties);
        };

        /**
         * Encodes the specified HostCallResult message. Does not implicitly {@link lars.HostCallResult.verify|verify} messages.
         * @function encode
         * @memberof lars.HostCallResult
         * @static
         * @param {lars.HostCallResult.$Properties} message HostCallResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        HostCallResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.ip != null && $Object.hasOwnProperty.call(message, "ip") && message.ip !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.ip);
            if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.port);
            if (message.succ != null && $Object.hasOwnProperty.call(message, "succ") && message.succ !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.succ);
            if (message.err != null && $Object.hasOwnProperty.call(message, "err") && message.err !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.err);
            if (message.overload != null && $Object.hasOwnProperty.call(message, "overload") && message.overload !== false)
                writer.uint32(/* id 5, wireType 0 =*/40).bool(message.overload);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a HostCallResult message from the specified reader or buffer.
         * @function decode
         * @memberof lars.HostCallResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.HostCallResult & lars.HostCallResult.$Shape} HostCallResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        HostCallResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.HostCallResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.ip = value;
                        else
                            delete message.ip;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.port = value;
                        else
                            delete message.port;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.succ = value;
                        else
                            delete message.succ;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.err = value;
                        else
                            delete message.err;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.overload = value;
                        else
                            delete message.overload;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for HostCallResult
         * @function getTypeUrl
         * @memberof lars.HostCallResult
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        HostCallResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.HostCallResult";
        };

        return HostCallResult;
    })();

    lars.ReportStatusRequest = (function() {

        /**
         * Properties of a ReportStatusRequest.
         * @typedef {Object} lars.ReportStatusRequest.$Properties
         * @property {number|null} [modid] ReportStatusRequest modid
         * @property {number|null} [cmdid] ReportStatusRequest cmdid
         * @property {number|null} [caller] ReportStatusRequest caller
         * @property {Array.<lars.HostCallResult.$Properties>|null} [results] ReportStatusRequest results
         * @property {number|null} [ts] ReportStatusRequest ts
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ReportStatusRequest.
         * @memberof lars
         * @interface IReportStatusRequest
         * @augments lars.ReportStatusRequest.$Properties
         * @deprecated Use lars.ReportStatusRequest.$Properties instead.
         */

        /**
         * Shape of a ReportStatusRequest.
         * @typedef {lars.ReportStatusRequest.$Properties} lars.ReportStatusRequest.$Shape
         */

        /**
         * Constructs a new ReportStatusRequest.
         * @memberof lars
         * @classdesc Represents a ReportStatusRequest.
         * @constructor
         * @param {lars.ReportStatusRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ReportStatusRequest = function (properties) {
            this.results = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ReportStatusRequest modid.
         * @member {number} modid
         * @memberof lars.ReportStatusRequest
         * @instance
         */
        ReportStatusRequest.prototype.modid = 0;

        /**
         * ReportStatusRequest cmdid.
         * @member {number} cmdid
         * @memberof lars.ReportStatusRequest
         * @instance
         */
        ReportStatusRequest.prototype.cmdid = 0;

        /**
         * ReportStatusRequest caller.
         * @member {number} caller
         * @memberof lars.ReportStatusRequest
         * @instance
         */
        ReportStatusRequest.prototype.caller = 0;

        /**
         * ReportStatusRequest results.
         * @member {Array.<lars.HostCallResult.$Properties>} results
         * @memberof lars.ReportStatusRequest
         * @instance
         */
        ReportStatusRequest.prototype.results = $util.emptyArray;

        /**
         * ReportStatusRequest ts.
         * @member {number} ts
         * @memberof lars.ReportStatusRequest
         * @instance
         */
        ReportStatusRequest.prototype.ts = 0;

        /**
         * Creates a new ReportStatusRequest instance using the specified properties.
         * @function create
         * @memberof lars.ReportStatusRequest
         * @static
         * @param {lars.ReportStatusRequest.$Properties=} [properties] Properties to set
         * @returns {lars.ReportStatusRequest} ReportStatusRequest instance
         * @type {{
         *   (properties: lars.ReportStatusRequest.$Shape): lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape;
         *   (properties?: lars.ReportStatusRequest.$Properties): lars.ReportStatusRequest;
         * }}
         */
        ReportStatusRequest.create = function(properties) {
            return new ReportStatusRequest(properties);
        };

        /**
         * Encodes the specified ReportStatusRequest message. Does not implicitly {@link lars.ReportStatusRequest.verify|verify} messages.
         * @function encode
         * @memberof lars.ReportStatusRequest
         * @static
         * @param {lars.ReportStatusRequest.$Properties} message ReportStatusRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReportStatusRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.cmdid);
            if (message.caller != null && $Object.hasOwnProperty.call(message, "caller") && message.caller !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.caller);
            if (message.results != null && message.results.length)
                for (let i = 0; i < message.results.length; ++i)
                    $root.lars.HostCallResult.encode(message.results[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.ts != null && $Object.hasOwnProperty.call(message, "ts") && message.ts !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.ts);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ReportStatusRequest message from the specified reader or buffer.
         * @function decode
         * @memberof lars.ReportStatusRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.ReportStatusRequest & lars.ReportStatusRequest.$Shape} ReportStatusRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReportStatusRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.ReportStatusRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.caller = value;
                        else
                            delete message.caller;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.results && message.results.length))
                            message.results = [];
                        message.results.push($root.lars.HostCallResult.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.ts = value;
                        else
                            delete message.ts;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ReportStatusRequest
         * @function getTypeUrl
         * @memberof lars.ReportStatusRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ReportStatusRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.ReportStatusRequest";
        };

        return ReportStatusRequest;
    })();

    lars.GetHostRequest = (function() {

        /**
         * Properties of a GetHostRequest.
         * @typedef {Object} lars.GetHostRequest.$Properties
         * @property {number|null} [seq] GetHostRequest seq
         * @property {number|null} [modid] GetHostRequest modid
         * @property {number|null} [cmdid] GetHostRequest cmdid
         * @property {Array.<string>|null} [tags] GetHostRequest tags
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetHostRequest.
         * @memberof lars
         * @interface IGetHostRequest
         * @augments lars.GetHostRequest.$Properties
         * @deprecated Use lars.GetHostRequest.$Properties instead.
         */

        /**
         * Shape of a GetHostRequest.
         * @typedef {lars.GetHostRequest.$Properties} lars.GetHostRequest.$Shape
         */

        /**
         * Constructs a new GetHostRequest.
         * @memberof lars
         * @classdesc Represents a GetHostRequest.
         * @constructor
         * @param {lars.GetHostRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetHostRequest = function (properties) {
            this.tags = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetHostRequest seq.
         * @member {number} seq
         * @memberof lars.GetHostRequest
         * @instance
         */
        GetHostRequest.prototype.seq = 0;

        /**
         * GetHostRequest modid.
         * @member {number} modid
         * @memberof lars.GetHostRequest
         * @instance
         */
        GetHostRequest.prototype.modid = 0;

        /**
         * GetHostRequest cmdid.
         * @member {number} cmdid
         * @memberof lars.GetHostRequest
         * @instance
         */
        GetHostRequest.prototype.cmdid = 0;

        /**
         * GetHostRequest tags.
         * @member {Array.<string>} tags
         * @memberof lars.GetHostRequest
         * @instance
         */
        GetHostRequest.prototype.tags = $util.emptyArray;

        /**
         * Creates a new GetHostRequest instance using the specified properties.
         * @function create
         * @memberof lars.GetHostRequest
         * @static
         * @param {lars.GetHostRequest.$Properties=} [properties] Properties to set
         * @returns {lars.GetHostRequest} GetHostRequest instance
         * @type {{
         *   (properties: lars.GetHostRequest.$Shape): lars.GetHostRequest & lars.GetHostRequest.$Shape;
         *   (properties?: lars.GetHostRequest.$Properties): lars.GetHostRequest;
         * }}
         */
        GetHostRequest.create = function(properties) {
            return new GetHostRequest(properties);
        };

        /**
         * Encodes the specified GetHostRequest message. Does not implicitly {@link lars.GetHostRequest.verify|verify} messages.
         * @function encode
         * @memberof lars.GetHostRequest
         * @static
         * @param {lars.GetHostRequest.$Properties} message GetHostRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetHostRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.seq);
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.cmdid);
            if (message.tags != null && message.tags.length)
                for (let i = 0; i < message.tags.length; ++i)
                    writer.uint32(/* id 4, wireType 2 =*/34).string(message.tags[i]);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetHostRequest message from the specified reader or buffer.
         * @function decode
         * @memberof lars.GetHostRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.GetHostRequest & lars.GetHostRequest.$Shape} GetHostRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetHostRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.GetHostRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.tags && message.tags.length))
                            message.tags = [];
                        message.tags.push(reader.stringVerify());
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for GetHostRequest
         * @function getTypeUrl
         * @memberof lars.GetHostRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        GetHostRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.GetHostRequest";
        };

        return GetHostRequest;
    })();

    lars.GetHostResponse = (function() {

        /**
         * Properties of a GetHostResponse.
         * @typedef {Object} lars.GetHostResponse.$Properties
         * @property {number|null} [seq] GetHostResponse seq
         * @property {number|null} [modid] GetHostResponse modid
         * @property {number|null} [cmdid] GetHostResponse cmdid
         * @property {number|null} [retcode] GetHostResponse retcode
         * @property {lars.HostInfo.$Properties|null} [host] GetHostResponse host
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetHostResponse.
         * @memberof lars
         * @interface IGetHostResponse
         * @augments lars.GetHostResponse.$Properties
         * @deprecated Use lars.GetHostResponse.$Properties instead.
         */

        /**
         * Shape of a GetHostResponse.
         * @typedef {lars.GetHostResponse.$Properties} lars.GetHostResponse.$Shape
         */

        /**
         * Constructs a new GetHostResponse.
         * @memberof lars
         * @classdesc Represents a GetHostResponse.
         * @constructor
         * @param {lars.GetHostResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetHostResponse = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetHostResponse seq.
         * @member {number} seq
         * @memberof lars.GetHostResponse
         * @instance
         */
        GetHostResponse.prototype.seq = 0;

        /**
         * GetHostResponse modid.
         * @member {number} modid
         * @memberof lars.GetHostResponse
         * @instance
         */
        GetHostResponse.prototype.modid = 0;

        /**
         * GetHostResponse cmdid.
         * @member {number} cmdid
         * @memberof lars.GetHostResponse
         * @instance
         */
        GetHostResponse.prototype.cmdid = 0;

        /**
         * GetHostResponse retcode.
         * @member {number} retcode
         * @memberof lars.GetHostResponse
         * @instance
         */
        GetHostResponse.prototype.retcode = 0;

        /**
         * GetHostResponse host.
         * @member {lars.HostInfo.$Properties|null|undefined} host
         * @memberof lars.GetHostResponse
         * @instance
         */
        GetHostResponse.prototype.host = null;

        /**
         * Creates a new GetHostResponse instance using the specified properties.
         * @function create
         * @memberof lars.GetHostResponse
         * @static
         * @param {lars.GetHostResponse.$Properties=} [properties] Properties to set
         * @returns {lars.GetHostResponse} GetHostResponse instance
         * @type {{
         *   (properties: lars.GetHostResponse.$Shape): lars.GetHostResponse & lars.GetHostResponse.$Shape;
         *   (properties?: lars.GetHostResponse.$Properties): lars.GetHostResponse;
         * }}
         */
        GetHostResponse.create = function(properties) {
            return new GetHostResponse(properties);
        };

        /**
         * Encodes the specified GetHostResponse message. Does not implicitly {@link lars.GetHostResponse.verify|verify} messages.
         * @function encode
         * @memberof lars.GetHostResponse
         * @static
         * @param {lars.GetHostResponse.$Properties} message GetHostResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetHostResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.seq);
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.cmdid);
            if (message.retcode != null && $Object.hasOwnProperty.call(message, "retcode") && message.retcode !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.retcode);
            if (message.host != null && $Object.hasOwnProperty.call(message, "host"))
                $root.lars.HostInfo.encode(message.host, writer.uint32(/* id 5, wireType 2 =*/42).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetHostResponse message from the specified reader or buffer.
         * @function decode
         * @memberof lars.GetHostResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.GetHostResponse & lars.GetHostResponse.$Shape} GetHostResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetHostResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.GetHostResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.retcode = value;
                        else
                            delete message.retcode;
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.host = $root.lars.HostInfo.decode(reader, reader.size(), $undefined, _depth + 1, message.host);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for GetHostResponse
         * @function getTypeUrl
         * @memberof lars.GetHostResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        GetHostResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.GetHostResponse";
        };

        return GetHostResponse;
    })();

    lars.ReportRequest = (function() {

        /**
         * Properties of a ReportRequest.
         * @typedef {Object} lars.ReportRequest.$Properties
         * @property {number|null} [modid] ReportRequest modid
         * @property {number|null} [cmdid] ReportRequest cmdid
         * @property {lars.HostInfo.$Properties|null} [host] ReportRequest host
         * @property {number|null} [retcode] ReportRequest retcode
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a ReportRequest.
         * @memberof lars
         * @interface IReportRequest
         * @augments lars.ReportRequest.$Properties
         * @deprecated Use lars.ReportRequest.$Properties instead.
         */

        /**
         * Shape of a ReportRequest.
         * @typedef {lars.ReportRequest.$Properties} lars.ReportRequest.$Shape
         */

        /**
         * Constructs a new ReportRequest.
         * @memberof lars
         * @classdesc Represents a ReportRequest.
         * @constructor
         * @param {lars.ReportRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ReportRequest = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ReportRequest modid.
         * @member {number} modid
         * @memberof lars.ReportRequest
         * @instance
         */
        ReportRequest.prototype.modid = 0;

        /**
         * ReportRequest cmdid.
         * @member {number} cmdid
         * @memberof lars.ReportRequest
         * @instance
         */
        ReportRequest.prototype.cmdid = 0;

        /**
         * ReportRequest host.
         * @member {lars.HostInfo.$Properties|null|undefined} host
         * @memberof lars.ReportRequest
         * @instance
         */
        ReportRequest.prototype.host = null;

        /**
         * ReportRequest retcode.
         * @member {number} retcode
         * @memberof lars.ReportRequest
         * @instance
         */
        ReportRequest.prototype.retcode = 0;

        /**
         * Creates a new ReportRequest instance using the specified properties.
         * @function create
         * @memberof lars.ReportRequest
         * @static
         * @param {lars.ReportRequest.$Properties=} [properties] Properties to set
         * @returns {lars.ReportRequest} ReportRequest instance
         * @type {{
         *   (properties: lars.ReportRequest.$Shape): lars.ReportRequest & lars.ReportRequest.$Shape;
         *   (properties?: lars.ReportRequest.$Properties): lars.ReportRequest;
         * }}
         */
        ReportRequest.create = function(properties) {
            return new ReportRequest(properties);
        };

        /**
         * Encodes the specified ReportRequest message. Does not implicitly {@link lars.ReportRequest.verify|verify} messages.
         * @function encode
         * @memberof lars.ReportRequest
         * @static
         * @param {lars.ReportRequest.$Properties} message ReportRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ReportRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.cmdid);
            if (message.host != null && $Object.hasOwnProperty.call(message, "host"))
                $root.lars.HostInfo.encode(message.host, writer.uint32(/* id 3, wireType 2 =*/26).fork(), _depth + 1).ldelim();
            if (message.retcode != null && $Object.hasOwnProperty.call(message, "retcode") && message.retcode !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.retcode);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a ReportRequest message from the specified reader or buffer.
         * @function decode
         * @memberof lars.ReportRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.ReportRequest & lars.ReportRequest.$Shape} ReportRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ReportRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.ReportRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.host = $root.lars.HostInfo.decode(reader, reader.size(), $undefined, _depth + 1, message.host);
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.retcode = value;
                        else
                            delete message.retcode;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ReportRequest
         * @function getTypeUrl
         * @memberof lars.ReportRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ReportRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.ReportRequest";
        };

        return ReportRequest;
    })();

    lars.CheckSpec = (function() {

        /**
         * Properties of a CheckSpec.
         * @typedef {Object} lars.CheckSpec.$Properties
         * @property {string|null} [url] CheckSpec url
         * @property {number|null} [intervalMs] CheckSpec intervalMs
         * @property {number|null} [timeoutMs] CheckSpec timeoutMs
         * @property {number|null} [fall] CheckSpec fall
         * @property {number|null} [rise] CheckSpec rise
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CheckSpec.
         * @memberof lars
         * @interface ICheckSpec
         * @augments lars.CheckSpec.$Properties
         * @deprecated Use lars.CheckSpec.$Properties instead.
         */

        /**
         * Shape of a CheckSpec.
         * @typedef {lars.CheckSpec.$Properties} lars.CheckSpec.$Shape
         */

        /**
         * Constructs a new CheckSpec.
         * @memberof lars
         * @classdesc Represents a CheckSpec.
         * @constructor
         * @param {lars.CheckSpec.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CheckSpec = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CheckSpec url.
         * @member {string} url
         * @memberof lars.CheckSpec
         * @instance
         */
        CheckSpec.prototype.url = "";

        /**
         * CheckSpec intervalMs.
         * @member {number} intervalMs
         * @memberof lars.CheckSpec
         * @instance
         */
        CheckSpec.prototype.intervalMs = 0;

        /**
         * CheckSpec timeoutMs.
         * @member {number} timeoutMs
         * @memberof lars.CheckSpec
         * @instance
         */
        CheckSpec.prototype.timeoutMs = 0;

        /**
         * CheckSpec fall.
         * @member {number} fall
         * @memberof lars.CheckSpec
         * @instance
         */
        CheckSpec.prototype.fall = 0;

        /**
         * CheckSpec rise.
         * @member {number} rise
         * @memberof lars.CheckSpec
         * @instance
         */
        CheckSpec.prototype.rise = 0;

        /**
         * Creates a new CheckSpec instance using the specified properties.
         * @function create
         * @memberof lars.CheckSpec
         * @static
         * @param {lars.CheckSpec.$Properties=} [properties] Properties to set
         * @returns {lars.CheckSpec} CheckSpec instance
         * @type {{
         *   (properties: lars.CheckSpec.$Shape): lars.CheckSpec & lars.CheckSpec.$Shape;
         *   (properties?: lars.CheckSpec.$Properties): lars.CheckSpec;
         * }}
         */
        CheckSpec.create = function(properties) {
            return new CheckSpec(properties);
        };

        /**
         * Encodes the specified CheckSpec message. Does not implicitly {@link lars.CheckSpec.verify|verify} messages.
         * @function encode
         * @memberof lars.CheckSpec
         * @static
         * @param {lars.CheckSpec.$Properties} message CheckSpec message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CheckSpec.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.url != null && $Object.hasOwnProperty.call(message, "url") && message.url !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.url);
            if (message.intervalMs != null && $Object.hasOwnProperty.call(message, "intervalMs") && message.intervalMs !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).uint32(message.intervalMs);
            if (message.timeoutMs != null && $Object.hasOwnProperty.call(message, "timeoutMs") && message.timeoutMs !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).uint32(message.timeoutMs);
            if (message.fall != null && $Object.hasOwnProperty.call(message, "fall") && message.fall !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).uint32(message.fall);
            if (message.rise != null && $Object.hasOwnProperty.call(message, "rise") && message.rise !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).uint32(message.rise);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CheckSpec message from the specified reader or buffer.
         * @function decode
         * @memberof lars.CheckSpec
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.CheckSpec & lars.CheckSpec.$Shape} CheckSpec
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CheckSpec.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.CheckSpec();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.url = value;
                        else
                            delete message.url;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.intervalMs = value;
                        else
                            delete message.intervalMs;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.timeoutMs = value;
                        else
                            delete message.timeoutMs;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.fall = value;
                        else
                            delete message.fall;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.rise = value;
                        else
                            delete message.rise;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for CheckSpec
         * @function getTypeUrl
         * @memberof lars.CheckSpec
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        CheckSpec.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.CheckSpec";
        };

        return CheckSpec;
    })();

    lars.CheckState = (function() {

        /**
         * Properties of a CheckState.
         * @typedef {Object} lars.CheckState.$Properties
         * @property {boolean|null} [passing] CheckState passing
         * @property {string|null} [detail] CheckState detail
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a CheckState.
         * @memberof lars
         * @interface ICheckState
         * @augments lars.CheckState.$Properties
         * @deprecated Use lars.CheckState.$Properties instead.
         */

        /**
         * Shape of a CheckState.
         * @typedef {lars.CheckState.$Properties} lars.CheckState.$Shape
         */

        /**
         * Constructs a new CheckState.
         * @memberof lars
         * @classdesc Represents a CheckState.
         * @constructor
         * @param {lars.CheckState.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const CheckState = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * CheckState passing.
         * @member {boolean} passing
         * @memberof lars.CheckState
         * @instance
         */
        CheckState.prototype.passing = false;

        /**
         * CheckState detail.
         * @member {string} detail
         * @memberof lars.CheckState
         * @instance
         */
        CheckState.prototype.detail = "";

        /**
         * Creates a new CheckState instance using the specified properties.
         * @function create
         * @memberof lars.CheckState
         * @static
         * @param {lars.CheckState.$Properties=} [properties] Properties to set
         * @returns {lars.CheckState} CheckState instance
         * @type {{
         *   (properties: lars.CheckState.$Shape): lars.CheckState & lars.CheckState.$Shape;
         *   (properties?: lars.CheckState.$Properties): lars.CheckState;
         * }}
         */
        CheckState.create = function(properties) {
            return new CheckState(properties);
        };

        /**
         * Encodes the specified CheckState message. Does not implicitly {@link lars.CheckState.verify|verify} messages.
         * @function encode
         * @memberof lars.CheckState
         * @static
         * @param {lars.CheckState.$Properties} message CheckState message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        CheckState.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.passing != null && $Object.hasOwnProperty.call(message, "passing") && message.passing !== false)
                writer.uint32(/* id 1, wireType 0 =*/8).bool(message.passing);
            if (message.detail != null && $Object.hasOwnProperty.call(message, "detail") && message.detail !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.detail);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a CheckState message from the specified reader or buffer.
         * @function decode
         * @memberof lars.CheckState
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.CheckState & lars.CheckState.$Shape} CheckState
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        CheckState.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.CheckState();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.bool())
                            message.passing = value;
                        else
                            delete message.passing;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.detail = value;
                        else
                            delete message.detail;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for CheckState
         * @function getTypeUrl
         * @memberof lars.CheckState
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        CheckState.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.CheckState";
        };

        return CheckState;
    })();

    lars.Instance = (function() {

        /**
         * Properties of an Instance.
         * @typedef {Object} lars.Instance.$Properties
         * @property {number|null} [modid] Instance modid
         * @property {number|null} [cmdid] Instance cmdid
         * @property {number|null} [ip] Instance ip
         * @property {number|null} [port] Instance port
         * @property {number|null} [weight] Instance weight
         * @property {number|null} [ttlMs] Instance ttlMs
         * @property {string|null} [zone] Instance zone
         * @property {Array.<string>|null} [tags] Instance tags
         * @property {lars.CheckState.$Properties|null} [check] Instance check
         * @property {lars.CheckSpec.$Properties|null} [checkSpec] Instance checkSpec
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an Instance.
         * @memberof lars
         * @interface IInstance
         * @augments lars.Instance.$Properties
         * @deprecated Use lars.Instance.$Properties instead.
         */

        /**
         * Shape of an Instance.
         * @typedef {lars.Instance.$Properties} lars.Instance.$Shape
         */

        /**
         * Constructs a new Instance.
         * @memberof lars
         * @classdesc Represents an Instance.
         * @constructor
         * @param {lars.Instance.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Instance = function (properties) {
            this.tags = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Instance modid.
         * @member {number} modid
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.modid = 0;

        /**
         * Instance cmdid.
         * @member {number} cmdid
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.cmdid = 0;

        /**
         * Instance ip.
         * @member {number} ip
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.ip = 0;

        /**
         * Instance port.
         * @member {number} port
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.port = 0;

        /**
         * Instance weight.
         * @member {number} weight
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.weight = 0;

        /**
         * Instance ttlMs.
         * @member {number} ttlMs
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.ttlMs = 0;

        /**
         * Instance zone.
         * @member {string} zone
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.zone = "";

        /**
         * Instance tags.
         * @member {Array.<string>} tags
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.tags = $util.emptyArray;

        /**
         * Instance check.
         * @member {lars.CheckState.$Properties|null|undefined} check
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.check = null;

        /**
         * Instance checkSpec.
         * @member {lars.CheckSpec.$Properties|null|undefined} checkSpec
         * @memberof lars.Instance
         * @instance
         */
        Instance.prototype.checkSpec = null;

        /**
         * Creates a new Instance instance using the specified properties.
         * @function create
         * @memberof lars.Instance
         * @static
         * @param {lars.Instance.$Properties=} [properties] Properties to set
         * @returns {lars.Instance} Instance instance
         * @type {{
         *   (properties: lars.Instance.$Shape): lars.Instance & lars.Instance.$Shape;
         *   (properties?: lars.Instance.$Properties): lars.Instance;
         * }}
         */
        Instance.create = function(properties) {
            return new Instance(properties);
        };

        /**
         * Encodes the specified Instance message. Does not implicitly {@link lars.Instance.verify|verify} messages.
         * @function encode
         * @memberof lars.Instance
         * @static
         * @param {lars.Instance.$Properties} message Instance message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Instance.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.cmdid);
            if (message.ip != null && $Object.hasOwnProperty.call(message, "ip") && message.ip !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.ip);
            if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.port);
            if (message.weight != null && $Object.hasOwnProperty.call(message, "weight") && message.weight !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).int32(message.weight);
            if (message.ttlMs != null && $Object.hasOwnProperty.call(message, "ttlMs") && message.ttlMs !== 0)
                writer.uint32(/* id 6, wireType 0 =*/48).uint32(message.ttlMs);
            if (message.zone != null && $Object.hasOwnProperty.call(message, "zone") && message.zone !== "")
                writer.uint32(/* id 7, wireType 2 =*/58).string(message.zone);
            if (message.tags != null && message.tags.length)
                for (let i = 0; i < message.tags.length; ++i)
                    writer.uint32(/* id 8, wireType 2 =*/66).string(message.tags[i]);
            if (message.check != null && $Object.hasOwnProperty.call(message, "check"))
                $root.lars.CheckState.encode(message.check, writer.uint32(/* id 9, wireType 2 =*/74).fork(), _depth + 1).ldelim();
            if (message.checkSpec != null && $Object.hasOwnProperty.call(message, "checkSpec"))
                $root.lars.CheckSpec.encode(message.checkSpec, writer.uint32(/* id 10, wireType 2 =*/82).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an Instance message from the specified reader or buffer.
         * @function decode
         * @memberof lars.Instance
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.Instance & lars.Instance.$Shape} Instance
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Instance.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.Instance();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.ip = value;
                        else
                            delete message.ip;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.port = value;
                        else
                            delete message.port;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.weight = value;
                        else
                            delete message.weight;
                        continue;
                    }
                case 6: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.ttlMs = value;
                        else
                            delete message.ttlMs;
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.zone = value;
                        else
                            delete message.zone;
                        continue;
                    }
                case 8: {
                        if (wireType !== 2)
                            break;
                        if (!(message.tags && message.tags.length))
                            message.tags = [];
                        message.tags.push(reader.stringVerify());
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        message.check = $root.lars.CheckState.decode(reader, reader.size(), $undefined, _depth + 1, message.check);
                        continue;
                    }
                case 10: {
                        if (wireType !== 2)
                            break;
                        message.checkSpec = $root.lars.CheckSpec.decode(reader, reader.size(), $undefined, _depth + 1, message.checkSpec);
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for Instance
         * @function getTypeUrl
         * @memberof lars.Instance
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Instance.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.Instance";
        };

        return Instance;
    })();

    lars.RegisterRequest = (function() {

        /**
         * Properties of a RegisterRequest.
         * @typedef {Object} lars.RegisterRequest.$Properties
         * @property {number|null} [seq] RegisterRequest seq
         * @property {string|null} [token] RegisterRequest token
         * @property {string|null} [owner] RegisterRequest owner
         * @property {Array.<lars.Instance.$Properties>|null} [instances] RegisterRequest instances
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RegisterRequest.
         * @memberof lars
         * @interface IRegisterRequest
         * @augments lars.RegisterRequest.$Properties
         * @deprecated Use lars.RegisterRequest.$Properties instead.
         */

        /**
         * Shape of a RegisterRequest.
         * @typedef {lars.RegisterRequest.$Properties} lars.RegisterRequest.$Shape
         */

        /**
         * Constructs a new RegisterRequest.
         * @memberof lars
         * @classdesc Represents a RegisterRequest.
         * @constructor
         * @param {lars.RegisterRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RegisterRequest = function (properties) {
            this.instances = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RegisterRequest seq.
         * @member {number} seq
         * @memberof lars.RegisterRequest
         * @instance
         */
        RegisterRequest.prototype.seq = 0;

        /**
         * RegisterRequest token.
         * @member {string} token
         * @memberof lars.RegisterRequest
         * @instance
         */
        RegisterRequest.prototype.token = "";

        /**
         * RegisterRequest owner.
         * @member {string} owner
         * @memberof lars.RegisterRequest
         * @instance
         */
        RegisterRequest.prototype.owner = "";

        /**
         * RegisterRequest instances.
         * @member {Array.<lars.Instance.$Properties>} instances
         * @memberof lars.RegisterRequest
         * @instance
         */
        RegisterRequest.prototype.instances = $util.emptyArray;

        /**
         * Creates a new RegisterRequest instance using the specified properties.
         * @function create
         * @memberof lars.RegisterRequest
         * @static
         * @param {lars.RegisterRequest.$Properties=} [properties] Properties to set
         * @returns {lars.RegisterRequest} RegisterRequest instance
         * @type {{
         *   (properties: lars.RegisterRequest.$Shape): lars.RegisterRequest & lars.RegisterRequest.$Shape;
         *   (properties?: lars.RegisterRequest.$Properties): lars.RegisterRequest;
         * }}
         */
        RegisterRequest.create = function(properties) {
            return new RegisterRequest(properties);
        };

        /**
         * Encodes the specified RegisterRequest message. Does not implicitly {@link lars.RegisterRequest.verify|verify} messages.
         * @function encode
         * @memberof lars.RegisterRequest
         * @static
         * @param {lars.RegisterRequest.$Properties} message RegisterRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RegisterRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.seq);
            if (message.token != null && $Object.hasOwnProperty.call(message, "token") && message.token !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.token);
            if (message.owner != null && $Object.hasOwnProperty.call(message, "owner") && message.owner !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.owner);
            if (message.instances != null && message.instances.length)
                for (let i = 0; i < message.instances.length; ++i)
                    $root.lars.Instance.encode(message.instances[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a RegisterRequest message from the specified reader or buffer.
         * @function decode
         * @memberof lars.RegisterRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.RegisterRequest & lars.RegisterRequest.$Shape} RegisterRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RegisterRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.RegisterRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.token = value;
                        else
                            delete message.token;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.owner = value;
                        else
                            delete message.owner;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.instances && message.instances.length))
                            message.instances = [];
                        message.instances.push($root.lars.Instance.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for RegisterRequest
         * @function getTypeUrl
         * @memberof lars.RegisterRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RegisterRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.RegisterRequest";
        };

        return RegisterRequest;
    })();

    lars.DeregisterRequest = (function() {

        /**
         * Properties of a DeregisterRequest.
         * @typedef {Object} lars.DeregisterRequest.$Properties
         * @property {number|null} [seq] DeregisterRequest seq
         * @property {string|null} [token] DeregisterRequest token
         * @property {string|null} [owner] DeregisterRequest owner
         * @property {Array.<lars.Instance.$Properties>|null} [instances] DeregisterRequest instances
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a DeregisterRequest.
         * @memberof lars
         * @interface IDeregisterRequest
         * @augments lars.DeregisterRequest.$Properties
         * @deprecated Use lars.DeregisterRequest.$Properties instead.
         */

        /**
         * Shape of a DeregisterRequest.
         * @typedef {lars.DeregisterRequest.$Properties} lars.DeregisterRequest.$Shape
         */

        /**
         * Constructs a new DeregisterRequest.
         * @memberof lars
         * @classdesc Represents a DeregisterRequest.
         * @constructor
         * @param {lars.DeregisterRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const DeregisterRequest = function (properties) {
            this.instances = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * DeregisterRequest seq.
         * @member {number} seq
         * @memberof lars.DeregisterRequest
         * @instance
         */
        DeregisterRequest.prototype.seq = 0;

        /**
         * DeregisterRequest token.
         * @member {string} token
         * @memberof lars.DeregisterRequest
         * @instance
         */
        DeregisterRequest.prototype.token = "";

        /**
         * DeregisterRequest owner.
         * @member {string} owner
         * @memberof lars.DeregisterRequest
         * @instance
         */
        DeregisterRequest.prototype.owner = "";

        /**
         * DeregisterRequest instances.
         * @member {Array.<lars.Instance.$Properties>} instances
         * @memberof lars.DeregisterRequest
         * @instance
         */
        DeregisterRequest.prototype.instances = $util.emptyArray;

        /**
         * Creates a new DeregisterRequest instance using the specified properties.
         * @function create
         * @memberof lars.DeregisterRequest
         * @static
         * @param {lars.DeregisterRequest.$Properties=} [properties] Properties to set
         * @returns {lars.DeregisterRequest} DeregisterRequest instance
         * @type {{
         *   (properties: lars.DeregisterRequest.$Shape): lars.DeregisterRequest & lars.DeregisterRequest.$Shape;
         *   (properties?: lars.DeregisterRequest.$Properties): lars.DeregisterRequest;
         * }}
         */
        DeregisterRequest.create = function(properties) {
            return new DeregisterRequest(properties);
        };

        /**
         * Encodes the specified DeregisterRequest message. Does not implicitly {@link lars.DeregisterRequest.verify|verify} messages.
         * @function encode
         * @memberof lars.DeregisterRequest
         * @static
         * @param {lars.DeregisterRequest.$Properties} message DeregisterRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        DeregisterRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.seq);
            if (message.token != null && $Object.hasOwnProperty.call(message, "token") && message.token !== "")
                writer.uint32(/* id 2, wireType 2 =*/18).string(message.token);
            if (message.owner != null && $Object.hasOwnProperty.call(message, "owner") && message.owner !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.owner);
            if (message.instances != null && message.instances.length)
                for (let i = 0; i < message.instances.length; ++i)
                    $root.lars.Instance.encode(message.instances[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a DeregisterRequest message from the specified reader or buffer.
         * @function decode
         * @memberof lars.DeregisterRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.DeregisterRequest & lars.DeregisterRequest.$Shape} DeregisterRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        DeregisterRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.DeregisterRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.token = value;
                        else
                            delete message.token;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.owner = value;
                        else
                            delete message.owner;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.instances && message.instances.length))
                            message.instances = [];
                        message.instances.push($root.lars.Instance.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for DeregisterRequest
         * @function getTypeUrl
         * @memberof lars.DeregisterRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        DeregisterRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.DeregisterRequest";
        };

        return DeregisterRequest;
    })();

    lars.InstanceResult = (function() {

        /**
         * Properties of an InstanceResult.
         * @typedef {Object} lars.InstanceResult.$Properties
         * @property {number|null} [modid] InstanceResult modid
         * @property {number|null} [cmdid] InstanceResult cmdid
         * @property {number|null} [ip] InstanceResult ip
         * @property {number|null} [port] InstanceResult port
         * @property {number|null} [retcode] InstanceResult retcode
         * @property {string|null} [reason] InstanceResult reason
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an InstanceResult.
         * @memberof lars
         * @interface IInstanceResult
         * @augments lars.InstanceResult.$Properties
         * @deprecated Use lars.InstanceResult.$Properties instead.
         */

        /**
         * Shape of an InstanceResult.
         * @typedef {lars.InstanceResult.$Properties} lars.InstanceResult.$Shape
         */

        /**
         * Constructs a new InstanceResult.
         * @memberof lars
         * @classdesc Represents an InstanceResult.
         * @constructor
         * @param {lars.InstanceResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const InstanceResult = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * InstanceResult modid.
         * @member {number} modid
         * @memberof lars.InstanceResult
         * @instance
         */
        InstanceResult.prototype.modid = 0;

        /**
         * InstanceResult cmdid.
         * @member {number} cmdid
         * @memberof lars.InstanceResult
         * @instance
         */
        InstanceResult.prototype.cmdid = 0;

        /**
         * InstanceResult ip.
         * @member {number} ip
         * @memberof lars.InstanceResult
         * @instance
         */
        InstanceResult.prototype.ip = 0;

        /**
         * InstanceResult port.
         * @member {number} port
         * @memberof lars.InstanceResult
         * @instance
         */
        InstanceResult.prototype.port = 0;

        /**
         * InstanceResult retcode.
         * @member {number} retcode
         * @memberof lars.InstanceResult
         * @instance
         */
        InstanceResult.prototype.retcode = 0;

        /**
         * InstanceResult reason.
         * @member {string} reason
         * @memberof lars.InstanceResult
         * @instance
         */
        InstanceResult.prototype.reason = "";

        /**
         * Creates a new InstanceResult instance using the specified properties.
         * @function create
         * @memberof lars.InstanceResult
         * @static
         * @param {lars.InstanceResult.$Properties=} [properties] Properties to set
         * @returns {lars.InstanceResult} InstanceResult instance
         * @type {{
         *   (properties: lars.InstanceResult.$Shape): lars.InstanceResult & lars.InstanceResult.$Shape;
         *   (properties?: lars.InstanceResult.$Properties): lars.InstanceResult;
         * }}
         */
        InstanceResult.create = function(properties) {
            return new InstanceResult(properties);
        };

        /**
         * Encodes the specified InstanceResult message. Does not implicitly {@link lars.InstanceResult.verify|verify} messages.
         * @function encode
         * @memberof lars.InstanceResult
         * @static
         * @param {lars.InstanceResult.$Properties} message InstanceResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        InstanceResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.modid != null && $Object.hasOwnProperty.call(message, "modid") && message.modid !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).int32(message.modid);
            if (message.cmdid != null && $Object.hasOwnProperty.call(message, "cmdid") && message.cmdid !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.cmdid);
            if (message.ip != null && $Object.hasOwnProperty.call(message, "ip") && message.ip !== 0)
                writer.uint32(/* id 3, wireType 0 =*/24).int32(message.ip);
            if (message.port != null && $Object.hasOwnProperty.call(message, "port") && message.port !== 0)
                writer.uint32(/* id 4, wireType 0 =*/32).int32(message.port);
            if (message.retcode != null && $Object.hasOwnProperty.call(message, "retcode") && message.retcode !== 0)
                writer.uint32(/* id 5, wireType 0 =*/40).int32(message.retcode);
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.reason);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an InstanceResult message from the specified reader or buffer.
         * @function decode
         * @memberof lars.InstanceResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.InstanceResult & lars.InstanceResult.$Shape} InstanceResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        InstanceResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.InstanceResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.modid = value;
                        else
                            delete message.modid;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.cmdid = value;
                        else
                            delete message.cmdid;
                        continue;
                    }
                case 3: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.ip = value;
                        else
                            delete message.ip;
                        continue;
                    }
                case 4: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.port = value;
                        else
                            delete message.port;
                        continue;
                    }
                case 5: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.retcode = value;
                        else
                            delete message.retcode;
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for InstanceResult
         * @function getTypeUrl
         * @memberof lars.InstanceResult
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        InstanceResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.InstanceResult";
        };

        return InstanceResult;
    })();

    lars.RegisterResponse = (function() {

        /**
         * Properties of a RegisterResponse.
         * @typedef {Object} lars.RegisterResponse.$Properties
         * @property {number|null} [seq] RegisterResponse seq
         * @property {number|null} [retcode] RegisterResponse retcode
         * @property {string|null} [reason] RegisterResponse reason
         * @property {Array.<lars.InstanceResult.$Properties>|null} [refused] RegisterResponse refused
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a RegisterResponse.
         * @memberof lars
         * @interface IRegisterResponse
         * @augments lars.RegisterResponse.$Properties
         * @deprecated Use lars.RegisterResponse.$Properties instead.
         */

        /**
         * Shape of a RegisterResponse.
         * @typedef {lars.RegisterResponse.$Properties} lars.RegisterResponse.$Shape
         */

        /**
         * Constructs a new RegisterResponse.
         * @memberof lars
         * @classdesc Represents a RegisterResponse.
         * @constructor
         * @param {lars.RegisterResponse.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const RegisterResponse = function (properties) {
            this.refused = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * RegisterResponse seq.
         * @member {number} seq
         * @memberof lars.RegisterResponse
         * @instance
         */
        RegisterResponse.prototype.seq = 0;

        /**
         * RegisterResponse retcode.
         * @member {number} retcode
         * @memberof lars.RegisterResponse
         * @instance
         */
        RegisterResponse.prototype.retcode = 0;

        /**
         * RegisterResponse reason.
         * @member {string} reason
         * @memberof lars.RegisterResponse
         * @instance
         */
        RegisterResponse.prototype.reason = "";

        /**
         * RegisterResponse refused.
         * @member {Array.<lars.InstanceResult.$Properties>} refused
         * @memberof lars.RegisterResponse
         * @instance
         */
        RegisterResponse.prototype.refused = $util.emptyArray;

        /**
         * Creates a new RegisterResponse instance using the specified properties.
         * @function create
         * @memberof lars.RegisterResponse
         * @static
         * @param {lars.RegisterResponse.$Properties=} [properties] Properties to set
         * @returns {lars.RegisterResponse} RegisterResponse instance
         * @type {{
         *   (properties: lars.RegisterResponse.$Shape): lars.RegisterResponse & lars.RegisterResponse.$Shape;
         *   (properties?: lars.RegisterResponse.$Properties): lars.RegisterResponse;
         * }}
         */
        RegisterResponse.create = function(properties) {
            return new RegisterResponse(properties);
        };

        /**
         * Encodes the specified RegisterResponse message. Does not implicitly {@link lars.RegisterResponse.verify|verify} messages.
         * @function encode
         * @memberof lars.RegisterResponse
         * @static
         * @param {lars.RegisterResponse.$Properties} message RegisterResponse message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        RegisterResponse.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.seq != null && $Object.hasOwnProperty.call(message, "seq") && message.seq !== 0)
                writer.uint32(/* id 1, wireType 0 =*/8).uint32(message.seq);
            if (message.retcode != null && $Object.hasOwnProperty.call(message, "retcode") && message.retcode !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.retcode);
            if (message.reason != null && $Object.hasOwnProperty.call(message, "reason") && message.reason !== "")
                writer.uint32(/* id 3, wireType 2 =*/26).string(message.reason);
            if (message.refused != null && message.refused.length)
                for (let i = 0; i < message.refused.length; ++i)
                    $root.lars.InstanceResult.encode(message.refused[i], writer.uint32(/* id 4, wireType 2 =*/34).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a RegisterResponse message from the specified reader or buffer.
         * @function decode
         * @memberof lars.RegisterResponse
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {lars.RegisterResponse & lars.RegisterResponse.$Shape} RegisterResponse
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        RegisterResponse.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.lars.RegisterResponse();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.uint32())
                            message.seq = value;
                        else
                            delete message.seq;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.retcode = value;
                        else
                            delete message.retcode;
                        continue;
                    }
                case 3: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.reason = value;
                        else
                            delete message.reason;
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        if (!(message.refused && message.refused.length))
                            message.refused = [];
                        message.refused.push($root.lars.InstanceResult.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for RegisterResponse
         * @function getTypeUrl
         * @memberof lars.RegisterResponse
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        RegisterResponse.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/lars.RegisterResponse";
        };

        return RegisterResponse;
    })();

    return lars;
})();

export {
  $root as default
};
