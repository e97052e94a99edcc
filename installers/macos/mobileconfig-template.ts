// The .mobileconfig profile for MDM (Jamf Pro, Intune, any MDM that takes a custom profile): it puts ServerUrl and
// EnrollToken in the org.ward.agent preference domain, which the package's postinstall reads from
// /Library/Managed Preferences/org.ward.agent.plist, so deploy the profile BEFORE the package. A TypeScript string
// (not a file read at run time) so the collector's bundle, which offers it on the tokens page, carries it too.
export const MOBILECONFIG_TEMPLATE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadDisplayName</key>
	<string>Ward agent</string>
	<key>PayloadDescription</key>
	<string>Tells the Ward agent which council server to report to and how to enrol.</string>
	<key>PayloadIdentifier</key>
	<string>org.ward.agent.profile</string>
	<key>PayloadOrganization</key>
	<string>Ward</string>
	<key>PayloadScope</key>
	<string>System</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>{{PROFILE_UUID}}</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadDisplayName</key>
			<string>Ward agent settings</string>
			<key>PayloadIdentifier</key>
			<string>org.ward.agent.settings</string>
			<key>PayloadType</key>
			<string>org.ward.agent</string>
			<key>PayloadUUID</key>
			<string>{{PAYLOAD_UUID}}</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
			<key>ServerUrl</key>
			<string>{{SERVER_URL}}</string>
			<key>EnrollToken</key>
			<string>{{ENROLL_TOKEN}}</string>
		</dict>
	</array>
</dict>
</plist>
`;
